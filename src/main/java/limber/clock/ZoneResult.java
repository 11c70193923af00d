package limber.clock;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ObjectNode;

import limber.protocol.Rejection;
import limber.session.CommandResult;

/** What a zone call came to. Only the API maps these to HTTP statuses. */
public sealed interface ZoneResult {

    /** The zone's state (for a read, or after an acknowledgement). */
    record State(ObjectNode state) implements ZoneResult {
    }

    /** A start or command was stored and takes effect at {@code effectiveAt}; {@code state} is right after. */
    record Applied(ObjectNode state, long effectiveAt) implements ZoneResult {
    }

    /** The command made no sense in the session's current state. */
    record Refused(CommandResult.Reason reason, String message) implements ZoneResult {
    }

    /** The journal could not take the change, so it was not applied. */
    record StoreFailed(String message) implements ZoneResult {
    }

    /** A device event: stored (empty) or why it was refused. */
    record EventOutcome(Optional<Rejection> rejection) implements ZoneResult {
    }

    record Alerts(List<ObjectNode> alerts) implements ZoneResult {
    }

    /** No open alert with that event id in this zone. */
    record UnknownAlert(String eventId) implements ZoneResult {
    }
}
