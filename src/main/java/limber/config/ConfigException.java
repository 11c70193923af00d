package limber.config;

/** Start-up stops with this: it names the file, the field and the offending value. */
public final class ConfigException extends RuntimeException {
    private final String file;
    private final String field;

    public ConfigException(String file, String field, Object value, String reason) {
        super(file + ": " + field + " = " + render(value) + ": " + reason);
        this.file = file;
        this.field = field;
    }

    public String file() {
        return file;
    }

    public String field() {
        return field;
    }

    private static String render(Object value) {
        if (value == null) {
            return "(missing)";
        }
        return value instanceof CharSequence ? "'" + value + "'" : String.valueOf(value);
    }
}
