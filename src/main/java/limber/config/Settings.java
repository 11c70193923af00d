package limber.config;

import java.util.List;

import limber.routine.Catalog;
import limber.routine.HoldPolicy;
import limber.security.Credential;

/** Everything loaded from the config folder, validated. */
public record Settings(LimberConfig engine, Catalog catalog, HoldPolicy holdPolicy, Safety safety,
                       List<Credential> trainers, List<Credential> devices) {
}
