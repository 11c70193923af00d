package limber.pages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

import org.eclipse.paho.client.mqttv3.MqttException;

import limber.security.Credential;
import limber.security.PasswordHash;
import limber.testing.DeviceConfig;
import limber.testing.EngineFixture;
import limber.testing.MqttProbe;

/**
 * A test standing in for an engine on the broker (an old zone owner, a late or lost answer): it
 * publishes session, cue and ack messages, which only an engine's login may. That login is an
 * {@code engine} entry in the devices.yaml of the config folder the test engine starts with.
 */
final class EngineStandIn {
    private static final String USER = "stand-in-engine";
    private static final String PASSWORD = "stand-in-engine-password";

    private EngineStandIn() {
    }

    /** The engine argument for a config folder (the shipped one) whose devices.yaml lists the stand-in. */
    static String configArg() {
        try {
            return "--config-dir=" + DeviceConfig.write(Files.createTempDirectory("limber-stand-in"),
                    List.of(new Credential(USER, "engine", null, PasswordHash.hash(PASSWORD))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A probe logged in as the stand-in: it may read and write everything under limber/v1/. */
    static MqttProbe connect(EngineFixture engine) throws MqttException {
        return new MqttProbe(engine.brokerUrl, USER + "-" + System.nanoTime(), USER, PASSWORD);
    }
}
