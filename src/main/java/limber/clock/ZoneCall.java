package limber.clock;

import java.util.Optional;

import io.vertx.core.Future;

import limber.protocol.DeviceEvent;
import limber.protocol.Rejection;
import limber.routine.Plan;

/**
 * Everything that can be asked of a zone's owner. Local calls pass these objects as they are; they
 * are encoded only to cross the clustered event bus. A new kind of call is one record here.
 */
public sealed interface ZoneCall {

    /** Runs the call on the owner's event loop. */
    Future<ZoneResult> runOn(ZoneOwner owner);

    /** The zone's state for the trainer. */
    record ReadState() implements ZoneCall {
        @Override
        public Future<ZoneResult> runOn(ZoneOwner owner) {
            return Future.succeededFuture(new ZoneResult.State(owner.state()));
        }
    }

    /** Starts a session of an already compiled plan. */
    record Start(Plan plan) implements ZoneCall {
        @Override
        public Future<ZoneResult> runOn(ZoneOwner owner) {
            return owner.outcome(owner.runner().start(plan));
        }
    }

    /** A trainer command on the running session; {@code extendSeconds} matters for EXTEND only. */
    record Command(ZoneCommand command, int extendSeconds) implements ZoneCall {
        @Override
        public Future<ZoneResult> runOn(ZoneOwner owner) {
            return owner.outcome(owner.runner().command(command, extendSeconds));
        }
    }

    /** A device event; fails (no answer to the device) if it could not be stored. */
    record Event(DeviceEvent event, long receivedAt) implements ZoneCall {
        @Override
        public Future<ZoneResult> runOn(ZoneOwner owner) {
            Future<Optional<Rejection>> stored = owner.onEvent(event, receivedAt);
            return stored.map(ZoneResult.EventOutcome::new);
        }
    }

    /** The zone's open pain alerts. */
    record ListAlerts() implements ZoneCall {
        @Override
        public Future<ZoneResult> runOn(ZoneOwner owner) {
            return Future.succeededFuture(new ZoneResult.Alerts(owner.safety().open()));
        }
    }

    /** The trainer acknowledges one pain alert, by the event id of the report. */
    record AcknowledgeAlert(String eventId) implements ZoneCall {
        @Override
        public Future<ZoneResult> runOn(ZoneOwner owner) {
            return owner.safety().acknowledge(eventId).transform(ar -> Future.succeededFuture(ar.failed()
                    ? new ZoneResult.StoreFailed("the acknowledgement could not be saved: " + ar.cause().getMessage())
                    : ar.result() ? new ZoneResult.State(owner.state()) : new ZoneResult.UnknownAlert(eventId)));
        }
    }
}
