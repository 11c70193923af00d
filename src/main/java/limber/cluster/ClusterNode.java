package limber.cluster;

import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/** This instance's place in the cluster: its Hazelcast membership and its lease connection. */
public record ClusterNode(HazelcastClusterManager manager, LeaseStore leases) {
    public String id() {
        return manager.getNodeId();
    }
}
