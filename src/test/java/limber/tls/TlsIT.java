package limber.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import limber.security.Credential;
import limber.security.PasswordHash;
import limber.testing.DeviceConfig;
import limber.testing.EngineFixture;
import limber.testing.FreePorts;
import limber.testing.PahoOptions;

/**
 * A real engine with TLS on and logins on: curl trusts it only with the CA from the data folder,
 * plain HTTP only redirects, devices connect over MQTTS and WSS trusting only that CA, a restart
 * keeps the CA, new names bring a new server certificate from the same CA, and files mode serves
 * the gym's own PEMs.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TlsIT {
    private static final String PASSWORD = "display-password-1";

    @TempDir
    Path configDir;
    @TempDir
    Path data;
    private final List<EngineFixture> running = new ArrayList<>();
    private int redirectPort;
    private int mqttsPort;

    @BeforeEach
    void devices() throws IOException {
        DeviceConfig.write(configDir, List.of(new Credential("display-1", "display", "main-floor",
                PasswordHash.hash(PASSWORD))));
    }

    @AfterEach
    void down() throws Exception {
        for (EngineFixture fx : running) {
            fx.close();
        }
    }

    private EngineFixture start(String... extra) {
        redirectPort = FreePorts.next();
        mqttsPort = FreePorts.next();
        List<String> args = new ArrayList<>(List.of("--config-dir=" + configDir,
                "--tls.mode=self-signed", "--store.path=" + data.resolve("limber.db"),
                "--tls.redirectPort=" + redirectPort, "--tls.mqttPort=" + mqttsPort));
        args.addAll(List.of(extra));
        EngineFixture fx = EngineFixture.embedded(args.toArray(String[]::new));
        running.add(fx);
        return fx;
    }

    private void stop(EngineFixture fx) throws Exception {
        running.remove(fx);
        fx.close();
    }

    private static String https(EngineFixture fx) {
        return "https://127.0.0.1:" + fx.httpPort;
    }

    private Path ca() {
        return data.resolve("tls").resolve("ca.pem");
    }

    /** curl's exit code, then what -w printed, then the body. */
    private static List<String> curl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "15", "-w", "\n%{http_code} %{redirect_url}"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "curl finished");
        int nl = out.lastIndexOf('\n');
        return List.of(Integer.toString(p.exitValue()), out.substring(nl + 1), out.substring(0, Math.max(nl, 0)));
    }

    @Test
    void curlTrustsTheEngineOnlyWithItsCaAndPlainHttpOnlyRedirects() throws Exception {
        EngineFixture fx = start();
        List<String> untrusted = curl(https(fx) + "/health");
        assertEquals("60", untrusted.get(0), "no -k, no CA: curl refuses the certificate: " + untrusted);

        List<String> trusted = curl("--cacert", ca().toString(), https(fx) + "/health");
        assertEquals("0", trusted.get(0), trusted.toString());
        assertTrue(trusted.get(1).startsWith("200"), trusted.toString());
        assertTrue(trusted.get(2).contains("\"UP\""), trusted.toString());
        assertEquals("0", curl("--cacert", ca().toString(), "https://localhost:" + fx.httpPort + "/health").get(0),
                "localhost is covered too");

        List<String> plain = curl("http://127.0.0.1:" + redirectPort + "/display/?zone=main-floor");
        assertEquals("301 " + https(fx) + "/display/?zone=main-floor", plain.get(1), plain.toString());
        List<String> post = curl("-X", "POST", "http://127.0.0.1:" + redirectPort + "/api/zones/main-floor/session");
        assertEquals("308 " + https(fx) + "/api/zones/main-floor/session", post.get(1), post.toString());
        List<String> followed = curl("-L", "--cacert", ca().toString(), "http://127.0.0.1:" + redirectPort + "/health");
        assertTrue(followed.get(1).startsWith("200"), followed.toString());
        assertEquals("52", curl(https(fx).replace("https", "http") + "/health").get(0) ,
                "plain HTTP on the HTTPS port gets no answer");

        List<String> caDownload = curl("--cacert", ca().toString(), https(fx) + "/ca.pem");
        assertEquals(Files.readString(ca()).strip(), caDownload.get(2).strip());
        assertTrue(caDownload.get(1).startsWith("200"), caDownload.toString());
        List<String> clientConfig = curl("--cacert", ca().toString(), https(fx) + "/api/client-config");
        assertTrue(clientConfig.get(2).contains("\"websocketPort\":" + fx.websocketPort), clientConfig.toString());
    }

    @Test
    void devicesConnectOverMqttsAndWssTrustingOnlyTheCa() throws Exception {
        EngineFixture fx = start();
        SSLSocketFactory trustCa = trusting(Pem.readCertificates(ca()).get(0));
        connect("ssl://127.0.0.1:" + mqttsPort, trustCa, PASSWORD);
        connect("wss://127.0.0.1:" + fx.websocketPort + "/mqtt", trustCa, PASSWORD);
        connect("ssl://localhost:" + mqttsPort, trustCa, PASSWORD);
        MqttException wrongPassword = assertThrows(MqttException.class,
                () -> connect("ssl://127.0.0.1:" + mqttsPort, trustCa, "wrong"));
        assertEquals(MqttException.REASON_CODE_FAILED_AUTHENTICATION, wrongPassword.getReasonCode());
        SSLSocketFactory otherCa = trusting(Certificates.newCa(Certificates.newKeyPair(), "other", Instant.now()));
        assertThrows(MqttException.class, () -> connect("ssl://127.0.0.1:" + mqttsPort, otherCa, PASSWORD),
                "a client trusting another CA refuses the broker");
        assertThrows(MqttException.class, () -> connect("ws://127.0.0.1:" + fx.websocketPort + "/mqtt", null, PASSWORD),
                "the pages' port speaks WSS only");
    }

    @Test
    void restartKeepsTheCaAndNewNamesBringANewServerCertificateFromIt() throws Exception {
        EngineFixture first = start();
        String fingerprint = first.engine.tls().caFingerprint();
        X509Certificate server = first.engine.tls().server();
        stop(first);

        EngineFixture again = start();
        assertEquals(fingerprint, again.engine.tls().caFingerprint());
        assertEquals(server.getSerialNumber(), again.engine.tls().server().getSerialNumber(), "reused as it was");
        stop(again);

        EngineFixture renamed = start("--tls.names=kiosk.gym.lan");
        assertEquals(fingerprint, renamed.engine.tls().caFingerprint(), "never a new CA");
        X509Certificate reissued = renamed.engine.tls().server();
        assertNotEquals(server.getSerialNumber(), reissued.getSerialNumber());
        assertTrue(Certificates.names(reissued).contains("kiosk.gym.lan"), Certificates.names(reissued).toString());
        List<String> byName = curl("--cacert", ca().toString(), "--resolve", "kiosk.gym.lan:" + renamed.httpPort
                + ":127.0.0.1", "https://kiosk.gym.lan:" + renamed.httpPort + "/health");
        assertTrue(byName.get(1).startsWith("200"), byName.toString());
    }

    @Test
    void filesModeServesTheGymsOwnCertificate() throws Exception {
        KeyPair caKeys = Certificates.newKeyPair();
        X509Certificate gymCa = Certificates.newCa(caKeys, "Gym CA", Instant.now());
        KeyPair keys = Certificates.newKeyPair();
        X509Certificate cert = Certificates.issueServer(gymCa, caKeys.getPrivate(), keys.getPublic(),
                List.of("limber.gym.lan", "127.0.0.1"), Instant.now());
        Path chain = Files.writeString(configDir.resolve("chain.pem"), Pem.write(cert, gymCa));
        Path key = Files.writeString(configDir.resolve("key.pem"), Pem.write(keys.getPrivate()));
        Path gymCaFile = Files.writeString(configDir.resolve("gym-ca.pem"), Pem.write(gymCa));
        EngineFixture fx = start("--tls.mode=files", "--tls.certFile=" + chain, "--tls.keyFile=" + key);
        List<String> health = curl("--cacert", gymCaFile.toString(), https(fx) + "/health");
        assertTrue(health.get(1).startsWith("200"), health.toString());
        assertTrue(Files.notExists(ca()), "files mode makes no CA of its own");
        connect("ssl://127.0.0.1:" + mqttsPort, trusting(gymCa), PASSWORD);
    }

    @Test
    void anUnreadableKeyStopsStartUpNamingFileFieldAndValue() throws Exception {
        Path chain = Files.writeString(configDir.resolve("chain.pem"),
                Pem.write(Certificates.newCa(Certificates.newKeyPair(), "x", Instant.now())));
        Path key = Files.writeString(configDir.resolve("key.pem"), "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> start("--tls.mode=files", "--tls.certFile=" + chain, "--tls.keyFile=" + key));
        assertTrue(e.getMessage().contains("limber.yaml: tls.keyFile = '" + key + "'"), e.getMessage());
    }

    private static SSLSocketFactory trusting(X509Certificate ca) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("ca", ca);
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx.getSocketFactory();
    }

    private static void connect(String url, SSLSocketFactory factory, String password) throws MqttException {
        MqttClient client = new MqttClient(url, "display-1-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectOptions o = PahoOptions.v311();
        o.setUserName("display-1");
        o.setPassword(password.toCharArray());
        o.setConnectionTimeout(10);
        o.setHttpsHostnameVerificationEnabled(true);
        if (factory != null) {
            o.setSocketFactory(factory);
        }
        try {
            client.connect(o);
            assertTrue(client.isConnected(), url);
            client.disconnect(2_000);
        } finally {
            client.close(true);
        }
    }
}
