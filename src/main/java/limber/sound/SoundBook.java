package limber.sound;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.vertx.core.Future;

import limber.protocol.Outbox;
import limber.protocol.Topics;
import limber.protocol.TrainerWire;
import limber.protocol.Wire;
import limber.session.EngineClock;
import limber.store.Journal;
import limber.store.StoredSound;

/**
 * Each zone's sound setting, on the engine's event loop. A change is stored first and published
 * (retained) only once it is durable, so what the screens play always matches what a restarted
 * engine will republish.
 */
public final class SoundBook {
    private final Journal journal;
    private final Outbox outbox;
    private final EngineClock clock;
    private final Map<String, SoundSetting> zones = new LinkedHashMap<>();

    /** {@code stored}: the rows read at start-up; rows of zones no longer configured are ignored. */
    public SoundBook(Journal journal, Outbox outbox, EngineClock clock, List<String> zoneIds, List<StoredSound> stored) {
        this.journal = journal;
        this.outbox = outbox;
        this.clock = clock;
        zoneIds.forEach(z -> zones.put(z, SoundSetting.initial(z)));
        for (StoredSound s : stored) {
            SoundSetting.Mode mode = SoundSetting.Mode.of(s.mode());
            if (zones.containsKey(s.zone()) && mode != null) {
                zones.put(s.zone(), new SoundSetting(s.zone(), mode, s.volume(), s.changedBy(), s.changedAt()));
            }
        }
    }

    /** The zone's setting, or null for a zone that is not configured. */
    public SoundSetting get(String zone) {
        return zones.get(zone);
    }

    /** Applies a valid change for a configured zone; completes with the new setting once stored and published. */
    public Future<SoundSetting> change(String zone, SoundChange.Valid change, String trainer) {
        SoundSetting old = zones.get(zone);
        SoundSetting next = new SoundSetting(zone, change.mode() == null ? old.mode() : change.mode(),
                change.volume() == null ? old.volume() : change.volume(), trainer, clock.nowMillis());
        StoredSound row = new StoredSound(zone, next.mode().word(), next.volume(), trainer, next.changedAt());
        return journal.run(() -> {
            journal.store().putSound(row);
            return next;
        }).onSuccess(s -> {
            zones.put(zone, s);
            publish(s);
        });
    }

    /** Every zone's retained setting again (after a start or a reconnect to the broker). */
    public void publishAll() {
        zones.values().forEach(this::publish);
    }

    private void publish(SoundSetting s) {
        outbox.publish(Topics.sound(s.zone()), Wire.bytes(TrainerWire.sound(s.zone(), s.mode().word(), s.volume(),
                s.changedBy(), s.changedAt())), 1, true);
    }
}
