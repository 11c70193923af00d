package limber.clock;

import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.Future;

import limber.config.Safety;
import limber.protocol.Attention;
import limber.protocol.DeviceEvent;
import limber.protocol.PainAlert;
import limber.protocol.TrainerWire;
import limber.session.EngineClock;
import limber.session.PhaseView;
import limber.session.Session;

/**
 * Safety first: a pain report opens an alert for the trainer that stays open until acknowledged,
 * every screen in the zone shows the stop line meanwhile, and (by default) the session pauses.
 */
final class ZoneSafety {
    private final String zone;
    private final Safety safety;
    private final EngineClock clock;
    private final SessionLog log;
    private final ZonePublisher out;
    private final SessionRunner runner;
    private final boolean pauseOnPain;
    private final PainAlerts alerts = new PainAlerts();

    ZoneSafety(String zone, Safety safety, EngineClock clock, SessionLog log, ZonePublisher out, SessionRunner runner,
               boolean pauseOnPain) {
        this.zone = zone;
        this.safety = safety;
        this.clock = clock;
        this.log = log;
        this.out = out;
        this.runner = runner;
        this.pauseOnPain = pauseOnPain;
    }

    /** The stop line while any alert is open, else null. */
    Attention attention() {
        return alerts.attention(safety.stopLine());
    }

    /** A stored pain report: alert the trainer, then pause the zone or at least show the stop line. */
    void raise(DeviceEvent e) {
        long now = clock.nowMillis();
        Session session = runner.session();
        PainAlert a = alertFor(e, session, now);
        alerts.open(a);
        out.alert(TrainerWire.alert(a, safety.painAlertLine()));
        PhaseView.Status status = runner.phaseAt(now).status();
        boolean running = status == PhaseView.Status.RUNNING || status == PhaseView.Status.PENDING;
        if (pauseOnPain && running) {
            runner.command(ZoneCommand.PAUSE, 0); // publishes the session (with the stop line) once stored
        } else {
            runner.publishSession(now);
        }
    }

    /** After a restart or takeover: a journaled pain report nobody acknowledged is open again. */
    void reopen(DeviceEvent e, Session session, Set<String> acked) {
        if (e.type() == DeviceEvent.Type.PAIN && !acked.contains(e.eventId())) {
            alerts.open(alertFor(e, session, clock.nowMillis()));
        }
    }

    /** Open alerts as alert messages, oldest first. */
    List<ObjectNode> open() {
        return alerts.list().stream().map(a -> TrainerWire.alert(a, safety.painAlertLine())).toList();
    }

    /**
     * The trainer has seen the alert: journaled first, so it does not come back after a restart or
     * a takeover; once none is left open the screens drop the stop line. False if it was not open.
     */
    Future<Boolean> acknowledge(String eventId) {
        if (!alerts.isOpen(eventId)) {
            return Future.succeededFuture(false);
        }
        return log.alertAcknowledged(runner.session(), eventId, clock.nowMillis()).map(v -> {
            if (alerts.close(eventId)) {
                runner.publishSession(clock.nowMillis());
            }
            return true;
        });
    }

    private PainAlert alertFor(DeviceEvent e, Session session, long now) {
        return new PainAlert(zone, e.deviceId(), e.eventId(), e.sessionId(), e.stepIndex(),
                session.plan().step(e.stepIndex()).name(), e.at() > 0 ? e.at() : now, now);
    }
}
