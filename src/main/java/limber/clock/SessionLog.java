package limber.clock;

import io.vertx.core.Future;

import limber.protocol.DeviceEvent;
import limber.session.Session;

/**
 * Where a zone writes ahead what it is about to apply. The journal implements it; {@link #NONE}
 * keeps nothing (virtual-time tests) and completes at once.
 */
public interface SessionLog {
    Future<Void> started(Session s, long now);

    Future<Void> changed(Session s, String command, long now);

    void ended(Session s, long at, String status);

    /** True if the event is new, false if the store already had it. */
    Future<Boolean> event(DeviceEvent e, long receivedAt);

    /** The trainer acknowledged a pain alert (the event id of the report). */
    default Future<Void> alertAcknowledged(Session s, String eventId, long now) {
        return Future.succeededFuture();
    }

    SessionLog NONE = new SessionLog() {
        @Override
        public Future<Void> started(Session s, long now) {
            return Future.succeededFuture();
        }

        @Override
        public Future<Void> changed(Session s, String command, long now) {
            return Future.succeededFuture();
        }

        @Override
        public void ended(Session s, long at, String status) {
        }

        @Override
        public Future<Boolean> event(DeviceEvent e, long receivedAt) {
            return Future.succeededFuture(true);
        }
    };
}
