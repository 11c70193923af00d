package limber.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The tls section, the --lan switch, and no clear-text listener beyond loopback by accident. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsConfigTest {
    @TempDir
    Path dir;

    @BeforeEach
    void copyShipped() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("limber.config.dir", "config")))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).toList()) {
                Files.copy(f, dir.resolve(f.getFileName()));
            }
        }
    }

    private Settings load(Map<String, String> env, String... args) {
        String[] all = Stream.concat(Stream.of("--config-dir=" + dir), Stream.of(args)).toArray(String[]::new);
        return ConfigLoader.load(all, env);
    }

    private ConfigException fails(String... args) {
        return assertThrows(ConfigException.class, () -> load(Map.of(), args));
    }

    @Test
    void shippedConfigHasTlsOffOnLoopback() {
        LimberConfig c = load(Map.of()).engine();
        assertEquals("off", c.tls().mode());
        assertEquals("127.0.0.1", c.http().host());
        assertEquals(List.of(), c.tls().nameList());
    }

    @Test
    void lanSwitchOpensTheEngineWithSelfSignedTls() {
        for (Settings s : List.of(load(Map.of(), "--lan"), load(Map.of("LIMBER_LAN", "1")))) {
            LimberConfig c = s.engine();
            assertEquals("0.0.0.0", c.http().host());
            assertEquals("0.0.0.0", c.broker().host());
            assertEquals("self-signed", c.tls().mode());
        }
        LimberConfig explicit = load(Map.of(), "--lan", "--http.host=10.0.0.5", "--tls.names=gym.lan,10.9.9.9").engine();
        assertEquals("10.0.0.5", explicit.http().host(), "explicit settings win over the switch");
        assertEquals(List.of("gym.lan", "10.9.9.9"), explicit.tls().nameList());
        assertEquals("127.0.0.1", load(Map.of("LIMBER_LAN", "0")).engine().http().host());
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of("LIMBER_LAN", "maybe")));
        assertTrue(e.getMessage().contains("LIMBER_LAN") && e.getMessage().contains("maybe"), e.getMessage());
    }

    @Test
    void plainListenerBeyondLoopbackIsRefusedUnlessAllowedOnPurpose() {
        ConfigException e = fails("--http.host=0.0.0.0");
        assertEquals("http.host", e.field());
        assertTrue(e.getMessage().contains("limber.yaml") && e.getMessage().contains("'0.0.0.0'"), e.getMessage());
        assertTrue(e.getMessage().contains("--lan"), e.getMessage());
        assertEquals("broker.host", fails("--broker.host=0.0.0.0").field());
        assertEquals("0.0.0.0", load(Map.of(), "--http.host=0.0.0.0", "--broker.host=0.0.0.0",
                "--tls.allowPlainLan=true").engine().http().host());
        assertEquals("localhost", load(Map.of(), "--http.host=localhost").engine().http().host());
    }

    @Test
    void modeTypoNamesFileFieldAndValue() throws IOException {
        ConfigException e = fails("--tls.mode=selfsigned");
        assertEquals("tls.mode", e.field());
        assertTrue(e.getMessage().contains("limber.yaml") && e.getMessage().contains("'selfsigned'")
                && e.getMessage().contains("self-signed"), e.getMessage());
        Path yaml = dir.resolve("limber.yaml");
        Files.writeString(yaml, Files.readString(yaml).replace("mode: \"off\"", "mode: off"));
        ConfigException bare = fails();
        assertEquals("tls.mode", bare.field());
        assertTrue(bare.getMessage().contains("quotes"), bare.getMessage());
    }

    @Test
    void filesModeNeedsReadableFiles() throws IOException {
        Path missing = dir.resolve("nowhere.pem");
        ConfigException e = fails("--tls.mode=files", "--tls.certFile=" + missing, "--tls.keyFile=" + missing);
        assertEquals("tls.certFile", e.field());
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("no such file"), e.getMessage());
        Path cert = Files.writeString(dir.resolve("cert.pem"), "x");
        assertEquals("tls.keyFile", fails("--tls.mode=files", "--tls.certFile=" + cert).field());
    }

    @Test
    void badNamesAndClashingPortsAreRefused() {
        ConfigException e = fails("--tls.mode=self-signed", "--tls.names=gym.lan,bad name!");
        assertEquals("tls.names", e.field());
        assertTrue(e.getMessage().contains("'bad name!'"), e.getMessage());
        // a TLS port may not be one the engine already uses: the shipped HTTP and MQTT ports, read from config
        LimberConfig shipped = load(Map.of()).engine();
        assertEquals("tls.redirectPort", fails("--tls.mode=self-signed", "--tls.redirectPort=" + shipped.http().port()).field());
        assertEquals("tls.mqttPort", fails("--tls.mode=self-signed", "--tls.mqttPort=" + shipped.broker().port()).field());
        assertEquals("broker.pagesUrl", fails("--tls.mode=self-signed", "--broker.pagesUrl=ws://x:1/mqtt").field());
    }
}
