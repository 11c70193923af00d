package limber.clock;

import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.node.ObjectNode;

import limber.protocol.Outbox;
import limber.protocol.Topics;
import limber.protocol.Wire;

/**
 * The one door through which a zone's messages leave. It goes quiet for good once the zone is
 * retired (another instance owns it now) and for the moment while {@code mayPublish} is false (a
 * clustered instance unsure of its lease), so no part of the zone can publish stale state.
 */
final class ZonePublisher {
    // built once: a zone publishes on these topics for as long as it runs
    private final String sessionTopic;
    private final String cueTopic;
    private final String progressTopic;
    private final String alertsTopic;
    private final Outbox outbox;
    private final BooleanSupplier mayPublish;
    private boolean retired;

    ZonePublisher(String zone, Outbox outbox, BooleanSupplier mayPublish) {
        this.sessionTopic = Topics.session(zone);
        this.cueTopic = Topics.cue(zone);
        this.progressTopic = Topics.progress(zone);
        this.alertsTopic = Topics.alerts(zone);
        this.outbox = outbox;
        this.mayPublish = mayPublish;
    }

    void retire() {
        retired = true;
    }

    boolean retired() {
        return retired;
    }

    /** Whether zone messages may go out right now. */
    boolean open() {
        return !retired && mayPublish.getAsBoolean();
    }

    void session(ObjectNode message) {
        if (open()) {
            outbox.publish(sessionTopic, Wire.bytes(message), 1, true);
        }
    }

    void progress(ObjectNode message) {
        if (open()) {
            outbox.publish(progressTopic, Wire.bytes(message), 1, true);
        }
    }

    /** Callers check {@link #open()} first: they account for cues they pass over. */
    void cue(byte[] message) {
        outbox.publish(cueTopic, message, 1, false);
    }

    /**
     * A pain report always reaches the trainer, even from an instance unsure of its lease: alerts are
     * not retained, and a second copy from a new owner is harmless.
     */
    void alert(ObjectNode message) {
        outbox.publish(alertsTopic, Wire.bytes(message), 1, false);
    }
}
