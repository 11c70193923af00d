package limber.routine;

/** A value outside what the hold policy allows; names the field and the value so callers can report it. */
public final class InvalidOptionException extends IllegalArgumentException {
    private final String field;
    private final Object value;

    public InvalidOptionException(String field, Object value, String rule) {
        super(field + " = " + value + ": " + rule);
        this.field = field;
        this.value = value;
    }

    public String field() {
        return field;
    }

    public Object value() {
        return value;
    }
}
