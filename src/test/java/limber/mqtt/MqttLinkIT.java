package limber.mqtt;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import limber.metrics.EngineMetrics;
import limber.session.EngineClock;
import limber.testing.MosquittoBroker;
import limber.testing.MqttProbe;

/**
 * The engine's link against a real Mosquitto that crashes: what is published before the first connect
 * reaches the broker, and what is published while it is down and in the burst of republishing right
 * after the reconnect all reaches the restarted one. Retained topics, so a probe that subscribes afterwards sees what the broker holds.
 * The test broker lets anyone in (no logins: the link's credentials are not what is tested here).
 */
@Timeout(90)
class MqttLinkIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int WHILE_DOWN = 500;
    private static final int AT_RECONNECT = 500;

    private final Vertx vertx = Vertx.vertx();

    @AfterEach
    void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void nothingPublishedWhileTheBrokerIsDownOrComingBackIsLost() throws Exception {
        try (MosquittoBroker mosquitto = new MosquittoBroker()) {
            Context context = vertx.getOrCreateContext();
            SimpleMeterRegistry registry = new SimpleMeterRegistry();
            EngineMetrics metrics = new EngineMetrics(registry);
            MqttLink link = new MqttLink(context, EngineClock.system(), metrics,
                    new MqttSettings(mosquitto.url(), "link-it", "", "", 2000, 20, false));
            try {
                on(context, () -> {
                    link.onReconnect(() -> {
                        for (int i = 0; i < AT_RECONNECT; i++) {
                            link.publish("t/reconnect/" + i, bytes("r" + i), 1, true);
                        }
                    });
                    link.publish("t/before", bytes("b"), 1, true);
                    link.connect(null, null);
                });
                try (MqttProbe probe = new MqttProbe(mosquitto.url()).subscribe("t/#")) {
                    await().atMost(WAIT).until(() -> probe.on("t/before").size() == 1);
                }

                // a crash: the restarted broker holds nothing (no persistence), only what the link sends again
                mosquitto.kill();
                await().atMost(WAIT).until(() -> !link.isConnected());
                on(context, () -> {
                    for (int i = 0; i < WHILE_DOWN; i++) {
                        link.publish("t/down/" + i, bytes("d" + i), 1, true);
                    }
                });
                mosquitto.start();
                await().atMost(WAIT).until(() -> registry.get("limber.mqtt.reconnects").counter().count() >= 1);

                try (MqttProbe probe = new MqttProbe(mosquitto.url()).subscribe("t/#")) {
                    await().atMost(WAIT).until(() -> probe.received.size() >= WHILE_DOWN + AT_RECONNECT);
                    Map<String, String> held = new TreeMap<>(probe.received.stream()
                            .collect(Collectors.toMap(MqttProbe.Received::topic, MqttProbe.Received::payload, (a, b) -> b)));
                    assertEquals(WHILE_DOWN + AT_RECONNECT, held.size(), "retained topics the broker holds");
                    assertEquals("d" + (WHILE_DOWN - 1), held.get("t/down/" + (WHILE_DOWN - 1)));
                    assertEquals("r" + (AT_RECONNECT - 1), held.get("t/reconnect/" + (AT_RECONNECT - 1)));
                }
            } finally {
                // closed while its broker is up: a Paho client left retrying would slow every later
                // reconnect in this JVM (Paho keeps one reconnect delay for all its clients)
                link.close(2_000).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Runs r on the link's context, as the engine does, and waits until it has. */
    private static void on(Context context, Runnable r) throws Exception {
        Promise<Void> done = Promise.promise();
        context.runOnContext(v -> {
            r.run();
            done.complete();
        });
        done.future().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
