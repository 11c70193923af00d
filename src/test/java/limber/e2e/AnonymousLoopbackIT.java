package limber.e2e;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.protocol.Topics;
import limber.testing.EngineFixture;
import limber.testing.MqttProbe;

/**
 * The one test of {@code broker.requireLogin: false}: development on loopback, where anonymous clients
 * (mosquitto_sub without a login, a page opened with a made-up ?device=) may use the embedded broker.
 * Every other test runs with logins on, as shipped; this one exists so the switch keeps working.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class AnonymousLoopbackIT {
    @Test
    void withLoginsOffAnAnonymousClientReadsTheZoneAndSyncsItsClock() throws Exception {
        try (EngineFixture fx = EngineFixture.embedded("--broker.requireLogin=false");
             MqttProbe anonymous = new MqttProbe(fx.brokerUrl).subscribe(Topics.session("main-floor"))
                     .subscribe(Topics.pong("dev-laptop"))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> anonymous.on(Topics.session("main-floor")).stream()
                    .anyMatch(m -> "idle".equals(m.json().path("status").asText())));
            anonymous.publish(Topics.ping("dev-laptop"), "{\"t0\":1}", 0);
            await().atMost(Duration.ofSeconds(10)).until(() -> !anonymous.on(Topics.pong("dev-laptop")).isEmpty());
        }
    }
}
