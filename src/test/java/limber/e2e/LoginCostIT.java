package limber.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import limber.protocol.Topics;
import limber.security.Credential;
import limber.security.PasswordHash;
import limber.testing.DeviceConfig;
import limber.testing.EngineFixture;
import limber.testing.MqttProbe;
import limber.testing.RawClients;

/**
 * What a login costs the embedded broker (logins on, default limits): a good login is checked with
 * PBKDF2 once and from the cache after that, and a storm of wrong passwords neither runs PBKDF2 on
 * the broker's network threads nor delays another client's deliveries.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoginCostIT {
    private static final String PASSWORD = "device-password-1";

    @TempDir
    Path configDir;
    EngineFixture fx;
    Http http;

    @BeforeEach
    void up() throws Exception {
        String h = PasswordHash.hash(PASSWORD);
        DeviceConfig.write(configDir, List.of(new Credential("display-1", "display", "main-floor", h),
                new Credential("watch-1", "watch", "main-floor", h), new Credential("watch-2", "watch", "main-floor", h)));
        fx = EngineFixture.embedded("--config-dir=" + configDir);
        http = new Http(fx.api());
    }

    @AfterEach
    void down() throws Exception {
        fx.close();
    }

    @Test
    void aGoodLoginRunsPbkdf2OnceAndIsCachedAfterThat() throws Exception {
        double pbkdf2Before = accepted("pbkdf2"); // the engine's own login
        for (int i = 0; i < 11; i++) {
            new MqttProbe(fx.brokerUrl, "watch-1-" + i, "watch-1", PASSWORD).close();
        }
        assertEquals(pbkdf2Before + 1, accepted("pbkdf2"), "one PBKDF2 check for watch-1");
        assertEquals(10.0, accepted("cache"), "every later login of watch-1 came from the cache");
    }

    @Test
    void wrongPasswordsDoNotDelayAnotherClientsDeliveries() throws Exception {
        new MqttProbe(fx.brokerUrl, "watch-1-first", "watch-1", PASSWORD).close(); // watch-1 is cached, watch-2 is not
        Map<Long, Long> rtt = new ConcurrentHashMap<>();
        AtomicLong sent = new AtomicLong();
        ScheduledExecutorService pinger = Executors.newSingleThreadScheduledExecutor();
        try (MqttProbe display = new MqttProbe(fx.brokerUrl, "display-1-x", "display-1", PASSWORD)) {
            display.client().subscribe(Topics.pong("display-1"), 0, (topic, m) -> {
                long t0 = Long.parseLong(new String(m.getPayload()).replaceAll(".*\"t0\":(\\d+).*", "$1"));
                rtt.put(t0, System.currentTimeMillis() - t0);
            });
            pinger.scheduleAtFixedRate(() -> {
                try {
                    long t0 = System.currentTimeMillis();
                    display.publish(Topics.ping("display-1"), "{\"t0\":" + t0 + "}", 0);
                    sent.incrementAndGet();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, 0, 100, TimeUnit.MILLISECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> rtt.size() >= 5);

            List<byte[]> storm = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                storm.add(RawClients.connect("bad-" + i, i % 2 == 0 ? "watch-1" : "watch-2", "wrong-password-" + i));
            }
            int before = rtt.size();
            RawClients.sendAll(fx.mqttPort, storm, 15_000);
            long sentAfterStorm = sent.get();
            await().atMost(Duration.ofSeconds(10)).until(() -> rtt.size() >= sentAfterStorm - 1);
            pinger.shutdownNow();
            long worst = rtt.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertTrue(rtt.size() - before >= 1, "pings were answered during the storm");
            assertTrue(worst < 250, "the slowest ping round trip took " + worst + " ms while 300 wrong passwords arrived");
            assertEquals(300.0, http.metric("limber_broker_refusals_total", "kind=\"login\",reason=\"wrong_password\"")
                    + http.metric("limber_broker_refusals_total", "kind=\"login\",reason=\"check_budget_spent\""));
            System.out.println("LoginCostIT: worst ping round trip " + worst + " ms during 300 wrong passwords; "
                    + rtt.size() + " pongs");
        } finally {
            pinger.shutdownNow();
        }
    }

    private double accepted(String via) throws Exception {
        return http.metric("limber_broker_logins_accepted_total", "via=\"" + via + "\"");
    }
}
