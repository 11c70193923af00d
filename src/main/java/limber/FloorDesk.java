package limber;

import java.util.function.Consumer;
import java.util.function.Predicate;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import limber.api.FleetApi;
import limber.api.PairingApi;
import limber.broker.EmbeddedBroker;
import limber.config.Settings;
import limber.devices.Presence;
import limber.dynsec.DynsecSync;
import limber.dynsec.DynsecWiring;
import limber.fleet.DeviceBook;
import limber.fleet.FleetDeps;
import limber.fleet.LinkState;
import limber.fleet.PairingDesk;
import limber.fleet.TrainerBook;
import limber.protocol.DeviceStatus;
import limber.protocol.DeviceWire;
import limber.protocol.Outbox;
import limber.protocol.Topics;
import limber.protocol.Wire;
import limber.security.LoginDirectory;
import limber.session.EngineClock;
import limber.store.Journal;

/**
 * Wires the floor's accounts: pairing, the device and trainer books, presence from the embedded
 * broker's own view of each connection, and their HTTP routes.
 */
final class FloorDesk {
    private final DeviceBook devices;
    private final TrainerBook trainers;
    private final PairingDesk desk = new PairingDesk();
    private final FloorAccounts accounts;
    private final EngineClock clock;
    private final Outbox outbox;
    private final EmbeddedBroker broker;
    private final Presence presence;

    FloorDesk(Vertx vertx, Context context, Settings settings, FloorAccounts accounts, EmbeddedBroker broker,
              Journal journal, Outbox outbox, EngineClock clock, Predicate<String> zoneExists, Presence presence) {
        this.accounts = accounts;
        this.clock = clock;
        this.outbox = outbox;
        this.broker = broker;
        this.presence = presence;
        Consumer<String> disconnect = user -> {
            if (broker != null) {
                broker.disconnect(user);
            }
        };
        FleetDeps deps = new FleetDeps(journal, accounts.logins(), accounts.trainers(), outbox, clock, zoneExists,
                disconnect, this::link);
        devices = new DeviceBook(deps, settings.devices(), accounts.storedDevices());
        trainers = new TrainerBook(deps, accounts.storedTrainers());
        if (settings.engine().broker().dynamicSecurity()) {
            DynsecSync sync = DynsecWiring.deploy(vertx, settings.engine(), accounts.logins(), accounts.storedDevices());
            devices.sink(sync);
            trainers.sink(sync);
        }
        if (broker != null) {
            broker.onPresence((user, online) -> context.runOnContext(v -> presenceChanged(user, online)));
        } else {
            // an external broker: the device's own status and its last will are what there is
            presence.onChange((id, online) -> {
                if (accounts.logins().find(id) != null) {
                    publishPresence(id, online);
                }
            });
        }
        vertx.setPeriodic(1_000, id -> desk.expire(clock.nowMillis()));
        vertx.setPeriodic(60_000, id -> accounts.logins().sweep());
    }

    /** Pairing first: it is open without a login, so it must answer before the login handlers run. */
    void mountOpen(Router router) {
        new PairingApi(desk, clock).mount(router);
    }

    void mount(Router router, Handler<RoutingContext> auth) {
        new FleetApi(desk, devices, trainers, accounts.trainers(), clock).mount(router, auth);
    }

    /** Every retained assignment and presence again (after a start or a reconnect to the broker). */
    void republish() {
        devices.publishAll();
        devices.list().stream().filter(d -> !d.revoked()).forEach(d -> publishPresence(d.id(), d.online()));
    }

    private void presenceChanged(String user, boolean online) {
        LoginDirectory.Login login = accounts.logins().find(user);
        if (login != null && "engine".equals(login.credential().role())) {
            return; // the engine's own connection has its retained engine status
        }
        // a revoked device closing is no longer a login, but its retained presence must say offline
        if (!online) {
            Presence.Vitals v = presence.vitals(user);
            presence.heard(user, clock.nowMillis(), v == null ? null : v.clockOffsetMs(), v == null ? null : v.rttMs());
        }
        publishPresence(user, online);
    }

    private void publishPresence(String id, boolean online) {
        outbox.publish(Topics.presence(id), Wire.bytes(DeviceWire.presence(id, online, clock.nowMillis())), 1, true);
    }

    /** Embedded broker: its own view of the connection; external: the device's status and last will. */
    private LinkState link(String id) {
        Presence.Vitals v = presence.vitals(id);
        boolean online;
        if (broker != null) {
            online = broker.online(id);
        } else {
            DeviceStatus s = presence.status(id);
            online = s != null && s.state() == DeviceStatus.State.ONLINE;
        }
        return new LinkState(online, v == null ? null : v.lastSeen(), v == null ? null : v.clockOffsetMs(),
                v == null ? null : v.rttMs());
    }
}
