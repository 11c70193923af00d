package limber.store;

/** A trainer row: added on the tablet, or a config trainer's runtime change ({@code passwordHash} null: the config's). */
public record StoredTrainer(String name, String passwordHash, boolean admin, boolean disabled, long changedAt) {
}
