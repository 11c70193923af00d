package limber.fleet;

/** A refused account change: {@code status} is the HTTP status that fits (400, 404, 409, 429). */
public final class FleetException extends RuntimeException {
    private final int status;
    private final String code;

    public FleetException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }
}
