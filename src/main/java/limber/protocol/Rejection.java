package limber.protocol;

/** Why a device message was refused; the wire name is the metric tag. */
public enum Rejection {
    TOO_LARGE, NOT_JSON, NOT_AN_OBJECT, MISSING_FIELD, WRONG_TYPE, UNKNOWN_FIELD, BAD_VALUE, BAD_DEVICE_ID,
    UNKNOWN_ZONE, UNKNOWN_SESSION, UNKNOWN_STEP, DUPLICATE, RATE_LIMITED,
    /** done or skip for a step that had not started at the event's own instant. */
    FUTURE_STEP,
    /** the event's instant lies outside the session, or it arrived after the session's late window closed. */
    SESSION_OVER,
    /** the device's clock puts the event later than its arrival plus the tolerance. */
    CLOCK_AHEAD;

    public String tag() {
        return name().toLowerCase();
    }
}
