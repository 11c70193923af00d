package limber.config;

import limber.routine.Catalog;
import limber.routine.HoldPolicy;

/** Everything loaded from the config folder, validated. */
public record Settings(LimberConfig engine, Catalog catalog, HoldPolicy holdPolicy, Safety safety) {
}
