package limber.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad config stops start-up with the file, the field and the value named. */
class ConfigLoaderTest {
    @TempDir
    Path dir;

    private void copyShipped() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("limber.config.dir", "config")))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
    }

    private void replace(String file, String from, String to) throws IOException {
        Path p = dir.resolve(file);
        String text = Files.readString(p);
        assertTrue(text.contains(from), file + " contains " + from);
        Files.writeString(p, text.replace(from, to));
    }

    private ConfigException fails(String... args) {
        String[] all = Stream.concat(Stream.of("--config-dir=" + dir), Stream.of(args)).toArray(String[]::new);
        return assertThrows(ConfigException.class, () -> ConfigLoader.load(all, Map.of()));
    }

    @Test
    void shippedConfigLoadsAndOverridesApply() throws IOException {
        copyShipped();
        Settings s = ConfigLoader.load(new String[] {"--config-dir=" + dir, "--http.port=9999"},
                Map.of("LIMBER_BROKER_WEBSOCKETPORT", "9123", "LIMBER_SESSION_LEADMS", "250"));
        assertEquals(9999, s.engine().http().port());
        assertEquals(9123, s.engine().broker().websocketPort());
        assertEquals(250, s.engine().session().leadMs());
        assertEquals("127.0.0.1", s.engine().broker().host(), "the shipped broker listens on loopback only");
        assertEquals("127.0.0.1", s.engine().http().host(), "the shipped API listens on loopback only");
    }

    @Test
    void wrongTypeNamesFileFieldAndValue() throws IOException {
        copyShipped();
        Path file = dir.resolve("limber.yaml");
        Files.writeString(file, Files.readString(file).replaceFirst("(?m)^(  port: )\\d+", "$1eighty"));
        ConfigException e = fails();
        assertTrue(e.getMessage().contains("limber.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains("http.port"), e.getMessage());
        assertTrue(e.getMessage().contains("eighty"), e.getMessage());
    }

    @Test
    void outOfRangeValueIsRejected() throws IOException {
        copyShipped();
        replace("limber.yaml", "leadMs: 300", "leadMs: 90000");
        ConfigException e = fails();
        assertEquals("session.leadMs", e.field());
        assertTrue(e.getMessage().contains("90000"), e.getMessage());
    }

    @Test
    void unknownFieldIsRejected() throws IOException {
        copyShipped();
        replace("limber.yaml", "  leadMs: 300", "  leadMs: 300\n  leadSeconds: 1");
        ConfigException e = fails();
        assertTrue(e.getMessage().contains("leadSeconds"), e.getMessage());
        assertTrue(e.getMessage().contains("unknown field"), e.getMessage());
    }

    @Test
    void missingFieldIsNamed() throws IOException {
        copyShipped();
        replace("limber.yaml", "  leadMs: 300", "");
        ConfigException e = fails();
        assertEquals("session.leadMs", e.field());
        assertTrue(e.getMessage().endsWith("is required"), e.getMessage());
    }

    @Test
    void holdPolicyOutsideTheArticleRangeIsRejected() throws IOException {
        copyShipped();
        replace("hold-policy.yaml", "defaultHoldSeconds: 30", "defaultHoldSeconds: 90");
        ConfigException e = fails();
        assertTrue(e.getMessage().contains("hold-policy.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains("holdPolicy.defaultHoldSeconds"), e.getMessage());
        assertTrue(e.getMessage().contains("90"), e.getMessage());
    }

    @Test
    void routineNamingAMissingStretchIsRejected() throws IOException {
        copyShipped();
        replace("routines.yaml", "steps: [knee-to-chest, supine-twist, cat-cow]", "steps: [knee-to-chest, toe-touch]");
        ConfigException e = fails();
        assertTrue(e.getMessage().contains("routines.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains("steps[1]"), e.getMessage());
        assertTrue(e.getMessage().contains("toe-touch"), e.getMessage());
    }

    @Test
    void zoneIdThatWouldBreakTopicsIsRejected() throws IOException {
        copyShipped();
        replace("limber.yaml", "id: \"studio-b\"", "id: \"studio/#\"");
        ConfigException e = fails();
        assertEquals("zones[1].id", e.field());
    }

    @Test
    void overrideOfUnknownSettingIsRejected() throws IOException {
        copyShipped();
        ConfigException e = fails("--broker.prot=1");
        assertTrue(e.getMessage().contains("broker.prot"), e.getMessage());
    }

    @Test
    void missingFileIsNamed() {
        ConfigException e = fails();
        assertTrue(e.getMessage().contains("limber.yaml"), e.getMessage());
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void clusteredModeNeedsPostgresqlAnExternalBrokerAndAMemberList() throws IOException {
        copyShipped();
        ConfigException sqlite = fails("--cluster.enabled=true");
        assertTrue(sqlite.getMessage().contains("cluster.enabled") && sqlite.getMessage().contains("postgresql"),
                sqlite.getMessage());
        ConfigException embedded = fails("--cluster.enabled=true", "--store.kind=postgresql",
                "--store.url=jdbc:postgresql://127.0.0.1/limber");
        assertTrue(embedded.getMessage().contains("broker.mode"), embedded.getMessage());
        String[] clustered = {"--cluster.enabled=true", "--store.kind=postgresql",
            "--store.url=jdbc:postgresql://127.0.0.1/limber", "--broker.mode=external", "--broker.url=tcp://10.0.0.5:41883"};
        ConfigException members = fails(concat(clustered, "--cluster.members=10.0.0.1:45701,10.0.0.2"));
        assertTrue(members.getMessage().contains("cluster.members") && members.getMessage().contains("10.0.0.2"),
                members.getMessage());
        ConfigException lease = fails(concat(clustered, "--cluster.leaseMs=1500"));
        assertTrue(lease.getMessage().contains("cluster.leaseMs") && lease.getMessage().contains("1500"),
                lease.getMessage());
        Settings ok = ConfigLoader.load(Stream.concat(Stream.of("--config-dir=" + dir), Stream.of(
                concat(clustered, "--cluster.members=10.0.0.1:45701, 10.0.0.2:45701"))).toArray(String[]::new), Map.of());
        assertEquals(List.of("10.0.0.1:45701", "10.0.0.2:45701"), ok.engine().cluster().memberList());
    }

    private static String[] concat(String[] a, String b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
