package limber.clock;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;

import limber.protocol.DeviceEvent;

/**
 * One session's participation: who takes part, what they reported, when each step first started and
 * when the session ended. A participant is a device with at least one accepted event in this session
 * whose latest event here is not a leave; the history query counts the same way.
 */
final class SessionTally {
    /** A step that has not started. */
    static final long NOT_STARTED = Long.MAX_VALUE;

    private final String sessionId;
    private final ZoneProgress progress;
    /** Made on the first participant: most of a floor's sessions idle or wait, and each empty set costs 72 bytes. */
    private Set<String> participants = Set.of();
    private final long[] stepStarts;
    private final long startsAt;
    private long endedAt = Long.MAX_VALUE;

    SessionTally(String sessionId, int steps, long startsAt) {
        this.sessionId = sessionId;
        this.progress = new ZoneProgress(sessionId, steps);
        this.stepStarts = new long[steps];
        this.startsAt = startsAt;
        Arrays.fill(stepStarts, NOT_STARTED);
    }

    String sessionId() {
        return sessionId;
    }

    ZoneProgress progress() {
        return progress;
    }

    int participants() {
        return participants.size();
    }

    boolean isParticipant(String deviceId) {
        return participants.contains(deviceId);
    }

    long startsAt() {
        return startsAt;
    }

    long endedAt() {
        return endedAt;
    }

    /** The first instant step {@code i} started, or {@link #NOT_STARTED}. */
    long stepStartedAt(int i) {
        return stepStarts[i];
    }

    /** A step started at {@code at}; a step shown again after a back keeps its first start. */
    void stepStarted(int i, long at) {
        stepStarts[i] = Math.min(stepStarts[i], at);
    }

    /** After a restart: steps before the oldest known anchor started at some unknown earlier instant. */
    void startedBefore(int step) {
        for (int i = 0; i <= step && i < stepStarts.length; i++) {
            stepStarts[i] = Long.MIN_VALUE;
        }
    }

    void ended(long at) {
        endedAt = Math.min(endedAt, at);
    }

    /** Applies an accepted event of this session. */
    void apply(DeviceEvent e) {
        switch (e.type()) {
            case LEAVE -> {
                if (!participants.isEmpty()) {
                    participants.remove(e.deviceId()); // Set.of() refuses even a remove
                }
            }
            case JOIN -> joined(e.deviceId());
            default -> {
                joined(e.deviceId());
                progress.apply(e);
            }
        }
    }

    private void joined(String deviceId) {
        if (participants.isEmpty()) {
            participants = new LinkedHashSet<>();
        }
        participants.add(deviceId);
    }
}
