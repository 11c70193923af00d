package limber.devices;

import java.util.HashSet;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import limber.clock.ZoneRoutes;
import limber.metrics.EngineMetrics;
import limber.protocol.DeviceEvent;
import limber.protocol.DeviceEventParser;
import limber.protocol.DeviceStatus;
import limber.protocol.DeviceWire;
import limber.protocol.Outbox;
import limber.protocol.Parsed;
import limber.protocol.Ping;
import limber.protocol.PingParser;
import limber.protocol.Rejection;
import limber.protocol.StatusParser;
import limber.protocol.Topics;
import limber.protocol.Wire;
import limber.session.EngineClock;

/**
 * Everything devices send, on the engine's event loop: events, presence and clock-sync pings.
 * Untrusted input is parsed into a result, never thrown; each rejection is counted by reason and
 * logged at debug level only, so a flood cannot flood the log.
 */
public final class DeviceInbox {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceInbox.class);

    private final ZoneRoutes zones;
    private final DeviceEventParser parser;
    private final Presence presence;
    private final Outbox outbox;
    private final EngineClock clock;
    private final EngineMetrics metrics;
    private final DeviceRateLimit limit;
    /** Clock pings have a budget of their own, so syncing never uses up a device's events. */
    private final DeviceRateLimit pingLimit;
    private final Set<String> loggedOnce = new HashSet<>();
    private boolean ackUnstored;

    public DeviceInbox(ZoneRoutes zones, DeviceEventParser parser, Presence presence, Outbox outbox,
                       EngineClock clock, EngineMetrics metrics, DeviceRateLimit limit, DeviceRateLimit pingLimit) {
        this.limit = limit;
        this.pingLimit = pingLimit;
        this.zones = zones;
        this.parser = parser;
        this.presence = presence;
        this.outbox = outbox;
        this.clock = clock;
        this.metrics = metrics;
    }

    /**
     * Device events are acknowledged (MQTT PUBACK and an application ack on the device's acks
     * topic) only once they are stored; refused ones are acknowledged at once with the reason so
     * the device stops resending them.
     */
    public void onEvent(String topic, byte[] payload, long arrivedAt, Runnable ack) {
        String deviceId = Topics.deviceIdOf(topic);
        if (!limit.allow(deviceId, arrivedAt)) {
            reject("events", topic, Rejection.RATE_LIMITED, "over the per-device message rate");
            ack.run(); // dropped on purpose: no redelivery, no reply that would feed the flood
            return;
        }
        Parsed<DeviceEvent> parsed = parser.parse(deviceId, payload);
        if (parsed instanceof Parsed.Rejected<DeviceEvent> r) {
            reject("events", topic, r.reason(), r.detail());
            ack.run();
            return;
        }
        DeviceEvent e = ((Parsed.Ok<DeviceEvent>) parsed).value();
        if (!zones.exists(e.zone())) {
            reject("events", topic, Rejection.UNKNOWN_ZONE, "no zone '" + e.zone() + "'");
            reply(e, "rejected", Rejection.UNKNOWN_ZONE);
            ack.run();
            return;
        }
        zones.event(e, arrivedAt).onComplete(ar -> {
            if (ar.failed()) {
                metrics.rejected("events", "store_failed");
                if (ackUnstored) {
                    ack.run(); // a clean session gets no redelivery: free the broker's slot, the device resends
                }
                return; // no application ack: the device keeps the event and sends it again
            }
            if (ar.result().isPresent()) {
                Rejection why = ar.result().get();
                reject("events", topic, why, e.eventId());
                reply(e, why == Rejection.DUPLICATE ? "duplicate" : "rejected", why);
            } else {
                metrics.eventAccepted(Wire.lower(e.type()));
                reply(e, "accepted", null);
            }
            ack.run();
        });
    }

    /**
     * With a clean MQTT session (clustered instances) an unacknowledged message is never redelivered
     * but holds one of the broker's in-flight slots: acknowledge it anyway and rely on the device,
     * which keeps every event until the application ack comes.
     */
    public DeviceInbox ackUnstoredEvents() {
        this.ackUnstored = true;
        return this;
    }

    private void reply(DeviceEvent e, String status, Rejection reason) {
        outbox.publish(Topics.acks(e.deviceId()), Wire.bytes(DeviceWire.ack(e.eventId(), status, reason, clock.nowMillis())),
                1, false);
    }

    public void onStatus(String topic, byte[] payload, long arrivedAt, Runnable ack) {
        String deviceId = Topics.deviceIdOf(topic);
        if (!limit.allow(deviceId, arrivedAt)) {
            reject("status", topic, Rejection.RATE_LIMITED, "over the per-device message rate");
            return;
        }
        if (payload.length == 0) {
            if (deviceId != null) {
                presence.forget(deviceId); // a cleared retained status: the device was removed
            }
            return;
        }
        Parsed<DeviceStatus> parsed = StatusParser.parse(deviceId, payload, arrivedAt);
        if (parsed instanceof Parsed.Rejected<DeviceStatus> r) {
            reject("status", topic, r.reason(), r.detail());
            return;
        }
        DeviceStatus s = ((Parsed.Ok<DeviceStatus>) parsed).value();
        if (s.zone() != null && !zones.exists(s.zone())) {
            reject("status", topic, Rejection.UNKNOWN_ZONE, "no zone '" + s.zone() + "'");
            return;
        }
        if (!presence.update(s)) {
            reject("status", topic, Rejection.BAD_VALUE, "device table full");
        }
    }

    /**
     * NTP-style: t1 is when Paho handed the ping over ({@code arrivedAtMicros}, read on the MQTT thread,
     * so the wait for the event loop counts as the engine's time, not the network's), t2 when the pong
     * leaves; both in milliseconds and microseconds.
     */
    public void onPing(String topic, byte[] payload, long arrivedAtMicros, Runnable ack) {
        long arrivedAt = Math.floorDiv(arrivedAtMicros, 1000);
        String deviceId = Topics.deviceIdOf(topic);
        if (!pingLimit.allow(deviceId, arrivedAt)) {
            reject("ping", topic, Rejection.RATE_LIMITED, "over the per-device ping rate");
            return;
        }
        if (deviceId == null || !DeviceEventParser.ID.matcher(deviceId).matches()) {
            reject("ping", topic, Rejection.BAD_DEVICE_ID, "bad device id");
            return;
        }
        Parsed<Ping> parsed = PingParser.parse(payload);
        if (parsed instanceof Parsed.Rejected<Ping> r) {
            reject("ping", topic, r.reason(), r.detail());
            return;
        }
        Ping ping = ((Parsed.Ok<Ping>) parsed).value();
        long t2 = clock.nowMillis();
        outbox.publish(Topics.pong(deviceId),
                Wire.bytes(DeviceWire.pong(ping.t0(), arrivedAt, t2, arrivedAtMicros, clock.nowMicros())), 0, false);
        presence.heard(deviceId, arrivedAt, ping.offsetMs(), ping.rttMs());
        metrics.pingAnswered();
    }

    private void reject(String kind, String topic, Rejection reason, String detail) {
        metrics.rejected(kind, reason.tag());
        if (loggedOnce.add(kind + "/" + reason)) {
            LOG.info("first rejected {} message for reason {} on {}: {} (further ones are only counted, see /metrics)",
                    kind, reason.tag(), topic, detail);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("rejected {} on {}: {} ({})", kind, topic, reason.tag(), detail);
        }
    }
}
