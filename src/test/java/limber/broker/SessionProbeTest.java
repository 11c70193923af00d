package limber.broker;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.Test;

/** The probe reads a package-private flag of Moquette's: an upgrade that moves it must fail here, not in a gym. */
class SessionProbeTest {
    @Test
    void moquetteStillHasTheConnectionFlagTheGuardReads() {
        assertTrue(SessionProbe.available(), "io.moquette.broker.MQTTConnection.isConnected() not found");
    }

    @Test
    void aChannelWithoutMoquettesConnectionCountsAsUp() {
        assertTrue(SessionProbe.up(new EmbeddedChannel()));
    }
}
