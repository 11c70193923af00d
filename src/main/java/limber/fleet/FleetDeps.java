package limber.fleet;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

import limber.protocol.Outbox;
import limber.security.LoginDirectory;
import limber.security.TrainerDirectory;
import limber.session.EngineClock;
import limber.store.Journal;

/**
 * What the floor's account books work with. {@code disconnect} closes every broker connection of a
 * login; {@code link} tells what the broker and the device's own pings say about it.
 */
public record FleetDeps(Journal journal, LoginDirectory logins, TrainerDirectory trainers, Outbox outbox,
                        EngineClock clock, Predicate<String> zoneExists, Consumer<String> disconnect,
                        Function<String, LinkState> link) {
}
