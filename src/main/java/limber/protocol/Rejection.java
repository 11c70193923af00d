package limber.protocol;

/** Why a device message was refused; the wire name is the metric tag. */
public enum Rejection {
    TOO_LARGE, NOT_JSON, NOT_AN_OBJECT, MISSING_FIELD, WRONG_TYPE, UNKNOWN_FIELD, BAD_VALUE, BAD_DEVICE_ID,
    UNKNOWN_ZONE, UNKNOWN_SESSION, UNKNOWN_STEP, DUPLICATE, RATE_LIMITED;

    public String tag() {
        return name().toLowerCase();
    }
}
