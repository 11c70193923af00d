package limber.protocol;

/**
 * One open pain report, as the trainer sees it on the alerts channel and in the zone's state.
 * {@code at} is the device's instant of the report (the arrival if it gave none); {@code raisedAt}
 * the engine instant the alert was opened.
 */
public record PainAlert(String zone, String deviceId, String eventId, String sessionId, int stepIndex, String stretch,
                        long at, long raisedAt) {
}
