package limber.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

import limber.config.LimberConfig;

/**
 * Hazelcast for the Vert.x cluster: an explicit TCP/IP member list (gyms' networks often block
 * multicast, and a list cannot pick up strangers), bound to the configured address only, with
 * failure detection quick enough that a dead instance's zones are taken over within seconds.
 */
public final class HazelcastSetup {
    private HazelcastSetup() {
    }

    public static HazelcastClusterManager clusterManager(LimberConfig.Cluster k) {
        Config hz = ConfigUtil.loadConfig(); // Vert.x's own maps (subscriptions, node info) come from here
        hz.setClusterName(k.name());
        hz.setProperty("hazelcast.logging.type", "slf4j");
        hz.setProperty("hazelcast.phone.home.enabled", "false");
        hz.setProperty("hazelcast.socket.bind.any", "false");
        hz.setProperty("hazelcast.wait.seconds.before.join", "0");
        hz.setProperty("hazelcast.heartbeat.interval.seconds", "1");
        hz.setProperty("hazelcast.max.no.heartbeat.seconds", String.valueOf(Math.max(2, k.leaseMs() / 1000)));
        // an instance that was cut off (or paused) rejoins soon after it is reachable again
        hz.setProperty("hazelcast.merge.first.run.delay.seconds", "5");
        hz.setProperty("hazelcast.merge.next.run.delay.seconds", "5");
        NetworkConfig net = hz.getNetworkConfig();
        net.setPort(k.port()).setPortAutoIncrement(false);
        net.getInterfaces().setEnabled(true).addInterface(k.host());
        JoinConfig join = net.getJoin();
        join.getMulticastConfig().setEnabled(false);
        join.getAutoDetectionConfig().setEnabled(false);
        join.getTcpIpConfig().setEnabled(true).setConnectionTimeoutSeconds(2).setMembers(k.memberList());
        return new HazelcastClusterManager(hz);
    }
}
