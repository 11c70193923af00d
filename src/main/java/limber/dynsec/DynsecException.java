package limber.dynsec;

/** The plugin refused a command ({@code error} is its text, e.g. "Client not found"), or did not answer. */
public final class DynsecException extends RuntimeException {
    private final String command;
    private final String error;

    public DynsecException(String command, String error) {
        super(command + ": " + error);
        this.command = command;
        this.error = error;
    }

    public String command() {
        return command;
    }

    public String error() {
        return error;
    }
}
