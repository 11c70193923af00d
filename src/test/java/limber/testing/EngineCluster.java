package limber.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Several engine JVMs in clustered mode on loopback: one real Mosquitto, one real PostgreSQL
 * database, a Hazelcast member list on free ports, and a config with {@code zones} zones. Instance
 * i is called {@code limber-i} (its engine.id), which is how the lease table names its owner.
 */
public final class EngineCluster implements AutoCloseable {
    public final MosquittoBroker broker;
    public final PostgresDatabase db;
    public final List<String> zones;
    private final Path configDir;
    private final List<Integer> clusterPorts;
    private final List<EngineProcess> instances = new ArrayList<>();
    private final List<String> extraArgs;

    /** {@code extraArgs} go to every instance after the cluster's own (later arguments win). */
    public EngineCluster(int zoneCount, int maxInstances, String... extraArgs) throws IOException, SQLException {
        this.extraArgs = List.of(extraArgs);
        this.zones = IntStream.range(0, zoneCount).mapToObj(i -> String.format("zone-%02d", i)).toList();
        this.clusterPorts = IntStream.range(0, maxInstances).mapToObj(i -> FreePorts.next()).toList();
        this.broker = new MosquittoBroker("max_queued_messages 100000\nmax_inflight_messages 1000\n");
        this.db = new PostgresDatabase();
        this.configDir = Files.createTempDirectory("limber-cluster-config");
        Path shipped = Path.of(System.getProperty("limber.config.dir", "config"));
        try (var files = Files.list(shipped)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, configDir.resolve(f.getFileName()));
            }
        }
        String yaml = Files.readString(configDir.resolve("limber.yaml"));
        String zoneList = zones.stream().map(z -> "  - id: \"" + z + "\"\n    name: \"Zone " + z.substring(5) + "\"\n")
                .collect(Collectors.joining());
        Files.writeString(configDir.resolve("limber.yaml"), yaml.substring(0, yaml.indexOf("\nzones:\n")) + "\nzones:\n"
                + zoneList);
    }

    /** Starts the next instance and waits until it is healthy. */
    public EngineProcess startInstance() throws IOException {
        int i = instances.size();
        String members = clusterPorts.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
        List<String> args = new ArrayList<>(List.of(
                "--config-dir=" + configDir,
                "--engine.id=" + name(i),
                "--broker.mode=external",
                "--broker.url=" + broker.url(),
                "--store.kind=postgresql",
                "--store.url=" + db.url(),
                "--http.commandBurst=200",
                "--cluster.enabled=true",
                "--cluster.port=" + clusterPorts.get(i),
                "--cluster.eventBusPort=0",
                "--cluster.members=" + members));
        args.addAll(extraArgs);
        EngineProcess p = new EngineProcess(args.toArray(String[]::new));
        instances.add(p);
        return p.start();
    }

    public static String name(int i) {
        return "limber-" + (i + 1);
    }

    public Path configDir() {
        return configDir;
    }

    public int size() {
        return instances.size();
    }

    public EngineProcess instance(int i) {
        return instances.get(i);
    }

    /** zone to owning instance name, for zones that have a live owner right now. */
    public Map<String, String> owners() throws SQLException {
        Map<String, String> out = new HashMap<>();
        query("SELECT z.zone, n.instance FROM zone_lease z JOIN cluster_node n ON n.node_id = z.owner",
                rs -> out.put(rs.getString(1), rs.getString(2)));
        return out;
    }

    /** zone to its current fencing epoch. */
    public Map<String, Long> epochs() throws SQLException {
        Map<String, Long> out = new HashMap<>();
        query("SELECT zone, epoch FROM zone_lease", rs -> out.put(rs.getString(1), rs.getLong(2)));
        return out;
    }

    /** An instance's node id (its Hazelcast member id), as written in the lease table. */
    public String nodeId(int i) throws SQLException {
        List<String> ids = new ArrayList<>();
        query("SELECT node_id FROM cluster_node WHERE instance = '" + name(i) + "'", rs -> ids.add(rs.getString(1)));
        return ids.isEmpty() ? null : ids.get(0);
    }

    public Map<String, Integer> zonesPerInstance() throws SQLException {
        Map<String, Integer> out = new HashMap<>();
        owners().values().forEach(n -> out.merge(n, 1, Integer::sum));
        return out;
    }

    public interface Row {
        void accept(ResultSet rs) throws SQLException;
    }

    public void query(String sql, Row row) throws SQLException {
        try (Connection c = DriverManager.getConnection(db.url()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                row.accept(rs);
            }
        }
    }

    @Override
    public void close() throws Exception {
        instances.forEach(EngineProcess::close);
        broker.close();
        db.close();
    }
}
