package limber.fleet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import io.vertx.core.Future;

import limber.protocol.DeviceWire;
import limber.protocol.Topics;
import limber.protocol.Wire;
import limber.security.Credential;
import limber.security.SecretHash;
import limber.store.StoredDevice;

/**
 * Every device of the floor: those in config/devices.yaml and those paired on the tablet, with the
 * runtime changes an admin made (rename, move, revoke; a revocation also applies to a configured
 * device). Each change is written to the journal database first and only then applied to the live
 * logins, the retained assignment and the device's connections. Runs on the engine's event loop.
 */
public final class DeviceBook {
    static final Set<String> PAIRABLE_ROLES = Set.of("display", "watch", "tablet");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private final FleetDeps deps;
    private final Map<String, Credential> configured = new LinkedHashMap<>();
    private final Map<String, StoredDevice> stored = new LinkedHashMap<>();
    private CredentialSink sink = CredentialSink.NONE;

    public DeviceBook(FleetDeps deps, List<Credential> configuredDevices, List<StoredDevice> storedDevices) {
        this.deps = deps;
        configuredDevices.forEach(c -> configured.put(c.name(), c));
        storedDevices.forEach(d -> stored.put(d.id(), d));
    }

    /** The device logins that hold now: config/devices.yaml with the stored changes applied. */
    public static List<Credential> liveCredentials(List<Credential> configuredDevices, List<StoredDevice> storedDevices) {
        DeviceBook book = new DeviceBook(null, configuredDevices, storedDevices);
        List<Credential> out = new ArrayList<>();
        for (String id : book.ids()) {
            Credential c = book.credential(id);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    /** Tells {@code s} about every login this book creates, moves or revokes from now on. */
    public void sink(CredentialSink s) {
        this.sink = s;
    }

    /** The live login of a device (null if revoked or unknown): stored changes over the config's. */
    private Credential credential(String id) {
        StoredDevice s = stored.get(id);
        Credential c = configured.get(id);
        if (s != null && s.revoked()) {
            return null;
        }
        if (s == null) {
            return c;
        }
        String hash = s.secretHash() != null ? s.secretHash() : c == null ? null : c.hash();
        return hash == null ? null : new Credential(id, s.role(), s.zone(), hash);
    }

    private Set<String> ids() {
        Set<String> ids = new TreeSet<>(configured.keySet());
        ids.addAll(stored.keySet());
        return ids;
    }

    public List<DeviceView> list() {
        List<DeviceView> out = new ArrayList<>();
        for (String id : ids()) {
            Credential c = credential(id);
            StoredDevice s = stored.get(id);
            String source = configured.containsKey(id) ? "config" : "paired";
            LinkState l = deps.link().apply(id);
            if (c == null && s != null && s.revoked() && isDevice(s.role())) {
                out.add(new DeviceView(id, s.role(), s.zone(), s.name(), source, false, l.lastSeen(), null, null, true));
            } else if (c != null && isDevice(c.role())) {
                out.add(new DeviceView(id, c.role(), c.zone(), s == null ? id : s.name(), source, l.online(), l.lastSeen(),
                        l.clockOffsetMs(), l.rttMs(), false));
            }
        }
        return out;
    }

    private static boolean isDevice(String role) {
        return PAIRABLE_ROLES.contains(role) || "trainer".equals(role) || "observer".equals(role);
    }

    /** A new device from an approved pairing; completes with its one-time secret. */
    public Future<PairingDesk.Outcome.Paired> pair(String role, String zone, String name) {
        check(role, zone, name);
        String id;
        do {
            id = role + "-" + PairingCode.next().toLowerCase();
        } while (configured.containsKey(id) || stored.containsKey(id));
        return issue(id, role, zone, name);
    }

    /**
     * A login created by an admin for a device that cannot show a code (a headless sensor, a
     * simulator, a dashboard as observer), with a chosen id or a generated one; the secret is
     * returned once. An id in use is refused; a revoked one may be issued again with a new secret.
     */
    public Future<PairingDesk.Outcome.Paired> create(String id, String role, String zone, String name) {
        boolean observer = "observer".equals(role);
        check(observer ? "tablet" : role, observer ? null : zone, name == null ? (id == null ? role : id) : name);
        String chosen = id;
        if (chosen == null) {
            do {
                chosen = role + "-" + PairingCode.next().toLowerCase();
            } while (configured.containsKey(chosen) || stored.containsKey(chosen));
        } else if (!ID.matcher(chosen).matches() || chosen.startsWith("tablet:")) {
            throw new FleetException(400, "bad_id", "an id is 1 to 64 letters, digits, '.', '_', ':' or '-' (not tablet:...)");
        } else if (configured.containsKey(chosen) || credential(chosen) != null) {
            throw new FleetException(409, "exists", "there is already a device '" + chosen + "'");
        }
        return issue(chosen, role, zone, name == null ? chosen : name);
    }

    private Future<PairingDesk.Outcome.Paired> issue(String id, String role, String zone, String name) {
        String secret = SecretHash.newSecret();
        long now = deps.clock().nowMillis();
        String where = zone == null ? "" : zone; // a tablet sees every zone
        StoredDevice row = new StoredDevice(id, role, where, name.trim(), SecretHash.hash(secret), now, now, 0);
        return save(row).compose(v -> sink.created(credential(row.id()), secret))
                .map(v -> new PairingDesk.Outcome.Paired(row.id(), secret, role, where, row.name()));
    }

    /** Renames and/or moves a device; a moved one is disconnected so it subscribes to its new zone. */
    public Future<DeviceView> update(String id, String name, String zone) {
        Credential c = credential(id);
        if (c == null || !isDevice(c.role())) {
            throw new FleetException(404, "unknown_device", "no device '" + id + "'");
        }
        StoredDevice s = stored.get(id);
        String newName = name == null ? (s == null ? id : s.name()) : name.trim();
        String newZone = zone == null ? c.zone() : zone;
        check(PAIRABLE_ROLES.contains(c.role()) ? c.role() : "tablet", newZone, newName);
        long now = deps.clock().nowMillis();
        StoredDevice row = new StoredDevice(id, c.role(), newZone, newName, s == null ? null : s.secretHash(),
                s == null ? now : s.createdAt(), now, 0);
        boolean moved = newZone != null && !newZone.equals(c.zone());
        return save(row).map(v -> {
            if (moved) {
                deps.disconnect().accept(id); // the embedded broker checks read rights only at subscribe
                sink.changed(credential(id));
            }
            return list().stream().filter(d -> d.id().equals(id) && !d.revoked()).findFirst().orElseThrow();
        });
    }

    /** Revokes a device: refused from now on, its connections closed, its assignment cleared. */
    public Future<Void> revoke(String id) {
        Credential c = credential(id);
        if (c == null || !isDevice(c.role())) {
            throw new FleetException(404, "unknown_device", "no device '" + id + "'");
        }
        StoredDevice s = stored.get(id);
        long now = deps.clock().nowMillis();
        StoredDevice row = new StoredDevice(id, c.role(), c.zone(), s == null ? id : s.name(),
                s == null ? null : s.secretHash(), s == null ? now : s.createdAt(), now, now);
        return save(row).map(v -> {
            deps.disconnect().accept(id);
            sink.removed(id);
            return null;
        });
    }

    /** Publishes every device's retained assignment (after a start or a reconnect to the broker). */
    public void publishAll() {
        for (String id : ids()) {
            publishAssignment(id);
        }
    }

    private Future<Void> save(StoredDevice row) {
        return deps.journal().run(() -> {
            deps.journal().store().putDevice(row);
            return null;
        }).map(v -> {
            stored.put(row.id(), row);
            Credential now = credential(row.id());
            if (now == null) {
                deps.logins().remove(row.id());
            } else {
                deps.logins().put(now, 0);
            }
            publishAssignment(row.id());
            return null;
        });
    }

    private void publishAssignment(String id) {
        Credential c = credential(id);
        StoredDevice s = stored.get(id);
        if (c == null) {
            if (s != null) {
                deps.outbox().publish(Topics.assignment(id), new byte[0], 1, true);
            }
            return;
        }
        if (!isDevice(c.role()) || c.zone() == null && !"tablet".equals(c.role()) && !"trainer".equals(c.role())) {
            return;
        }
        deps.outbox().publish(Topics.assignment(id), Wire.bytes(DeviceWire.assignment(c.zone(),
                s == null ? id : s.name(), c.role(), s == null ? 0 : s.changedAt())), 1, true);
    }

    /** Throws a {@link FleetException} (400) for a role, zone or name a new device cannot have. */
    public void validate(String role, String zone, String name) {
        check(role, zone, name);
    }

    private void check(String role, String zone, String name) {
        if (role == null || !PAIRABLE_ROLES.contains(role)) {
            throw new FleetException(400, "bad_role", "role must be display, watch or tablet");
        }
        if (!"tablet".equals(role) && (zone == null || !deps.zoneExists().test(zone))) {
            throw new FleetException(400, "unknown_zone", "no zone '" + zone + "'");
        }
        if (name == null || name.isBlank() || name.trim().length() > 40 || name.chars().anyMatch(Character::isISOControl)) {
            throw new FleetException(400, "bad_name", "a name of 1 to 40 characters is required");
        }
    }
}
