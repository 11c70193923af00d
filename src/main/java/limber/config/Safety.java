package limber.config;

/** The calm safety lines screens show; loaded from {@code safety.yaml}. */
public record Safety(String gentleLine, String stopLine, String consultNote, String breathingLine, String painAlertLine) {
}
