package limber.session;

/** Outcome of a trainer command: either the new session, or a reason it made no sense now. */
public sealed interface CommandResult {

    record Applied(Session session, long effectiveAt) implements CommandResult {
    }

    record Rejected(Reason reason, String message) implements CommandResult {
    }

    enum Reason { BUSY, NOT_RUNNING, NOT_PAUSED, ENDED, NOT_A_HOLD, EXTEND_LIMIT, BAD_ARGUMENT }
}
