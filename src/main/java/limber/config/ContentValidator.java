package limber.config;

import static limber.config.ConfigValidator.notBlank;
import static limber.config.ConfigValidator.require;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import limber.routine.Routine;
import limber.routine.Stretch;

/** Checks the catalog text fits a wall display and every routine names real stretches. */
final class ContentValidator {
    private ContentValidator() {
    }

    static void validate(String stretchFile, String routineFile, List<Stretch> stretches, List<Routine> routines) {
        require(stretchFile, "stretches", null, stretches != null && !stretches.isEmpty(), "list at least one stretch");
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < stretches.size(); i++) {
            Stretch s = stretches.get(i);
            String at = "stretches[" + i + "].";
            require(stretchFile, at + "id", s.id(), ConfigValidator.ID.matcher(s.id()).matches(),
                    "use 1-32 lowercase letters, digits or '-'");
            require(stretchFile, at + "id", s.id(), ids.add(s.id()), "duplicate stretch id");
            require(stretchFile, at + "name", s.name(), notBlank(s.name()) && s.name().length() <= 40,
                    "must be 1-40 characters to stay legible on a wall display");
            require(stretchFile, at + "why", s.why(), notBlank(s.why()), "must not be empty");
            require(stretchFile, at + "how", s.how().size(), !s.how().isEmpty() && s.how().size() <= 4,
                    "give 1-4 short cue lines");
            for (int k = 0; k < s.how().size(); k++) {
                String line = s.how().get(k);
                require(stretchFile, at + "how[" + k + "]", line, notBlank(line) && line.length() <= 60,
                        "cue lines must be 1-60 characters");
            }
            require(stretchFile, at + "targets", s.targets().size(), !s.targets().isEmpty(), "name at least one target area");
        }
        require(routineFile, "routines", null, routines != null && !routines.isEmpty(), "list at least one routine");
        Set<String> routineIds = new HashSet<>();
        for (int i = 0; i < routines.size(); i++) {
            Routine r = routines.get(i);
            String at = "routines[" + i + "].";
            require(routineFile, at + "id", r.id(), ConfigValidator.ID.matcher(r.id()).matches(),
                    "use 1-32 lowercase letters, digits or '-'");
            require(routineFile, at + "id", r.id(), routineIds.add(r.id()), "duplicate routine id");
            require(routineFile, at + "name", r.name(), notBlank(r.name()), "must not be empty");
            require(routineFile, at + "timing", null, r.timing() != null, "must be before, after or any");
            require(routineFile, at + "steps", null, !r.steps().isEmpty(), "list at least one stretch id");
            for (int k = 0; k < r.steps().size(); k++) {
                require(routineFile, at + "steps[" + k + "]", r.steps().get(k), ids.contains(r.steps().get(k)),
                        "no stretch with this id in stretches.yaml");
            }
        }
    }

    static void validateSafety(String file, Safety s) {
        require(file, "safety", null, s != null, "section is required");
        require(file, "safety.gentleLine", s.gentleLine(), notBlank(s.gentleLine()), "must not be empty");
        require(file, "safety.stopLine", s.stopLine(), notBlank(s.stopLine()), "must not be empty");
        require(file, "safety.consultNote", s.consultNote(), notBlank(s.consultNote()), "must not be empty");
        require(file, "safety.breathingLine", s.breathingLine(), notBlank(s.breathingLine()), "must not be empty");
        require(file, "safety.painAlertLine", s.painAlertLine(), notBlank(s.painAlertLine()), "must not be empty");
    }
}
