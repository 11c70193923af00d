package limber.cluster;

import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * This instance's place in the cluster: its Hazelcast membership and two lease connections, one
 * for renewals and one for claims, so a claim waiting on a row lock never delays a renewal.
 */
public record ClusterNode(HazelcastClusterManager manager, LeaseStore renewals, LeaseStore claims) {
    public String id() {
        return manager.getNodeId();
    }
}
