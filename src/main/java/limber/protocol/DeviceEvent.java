package limber.protocol;

/**
 * A parsed, well-formed device event. {@code sessionId} and {@code stepIndex} are present for
 * done / skip / pain (stepIndex is -1 for join and leave).
 */
public record DeviceEvent(String deviceId, String eventId, Type type, String zone, String sessionId, int stepIndex,
                          long at) {

    public enum Type {
        JOIN, DONE, SKIP, PAIN, LEAVE;

        public boolean aboutAStep() {
            return this == DONE || this == SKIP || this == PAIN;
        }
    }
}
