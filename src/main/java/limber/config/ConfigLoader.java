package limber.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import limber.routine.Catalog;
import limber.routine.HoldPolicy;
import limber.routine.InvalidOptionException;
import limber.routine.Routine;
import limber.routine.Stretch;
import limber.security.Credential;

/** Loads and validates the config folder; any problem becomes a {@link ConfigException}. */
public final class ConfigLoader {
    public static final String ENGINE_FILE = "limber.yaml";
    static final String STRETCHES_FILE = "stretches.yaml";
    static final String ROUTINES_FILE = "routines.yaml";
    static final String POLICY_FILE = "hold-policy.yaml";
    static final String SAFETY_FILE = "safety.yaml";
    static final String TRAINERS_FILE = "trainers.yaml";
    static final String DEVICES_FILE = "devices.yaml";

    /** Engine settings: every field must be present, so nothing falls back to a hidden default. */
    private static final ObjectMapper YAML = JsonMapper.builder(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(MapperFeature.ACCEPT_CASE_INSENSITIVE_ENUMS)
            .build();
    /** Content files: optional text (such as a stretch's fallback) may be left out. */
    private static final ObjectMapper CONTENT = YAML.copy()
            .disable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private record StretchFile(List<Stretch> stretches) {
    }

    private record RoutineFile(List<Routine> routines) {
    }

    private record PolicyFile(HoldPolicy holdPolicy) {
    }

    private record SafetyFile(Safety safety) {
    }

    private record TrainerEntry(String name, String hash, Boolean admin) {
    }

    private record TrainerFile(List<TrainerEntry> trainers) {
    }

    private record DeviceEntry(String id, String role, String zone, String hash) {
    }

    private record DeviceFile(List<DeviceEntry> devices) {
    }

    private ConfigLoader() {
    }

    public static Settings load(String[] args, Map<String, String> env) {
        Path dir = Path.of(Overrides.configDir(args, env));
        JsonNode engineTree = read(dir, ENGINE_FILE);
        if (!(engineTree instanceof ObjectNode root)) {
            throw new ConfigException(dir.resolve(ENGINE_FILE).toString(), "(root)", null, "must be a YAML mapping");
        }
        Overrides.apply(root, args, env);
        LimberConfig engine = bind(dir, ENGINE_FILE, root, LimberConfig.class);
        ConfigValidator.validate(dir.resolve(ENGINE_FILE).toString(), engine);

        List<Stretch> stretches = bind(dir, STRETCHES_FILE, read(dir, STRETCHES_FILE), StretchFile.class).stretches();
        List<Routine> routines = bind(dir, ROUTINES_FILE, read(dir, ROUTINES_FILE), RoutineFile.class).routines();
        ContentValidator.validate(dir.resolve(STRETCHES_FILE).toString(), dir.resolve(ROUTINES_FILE).toString(),
                stretches, routines);
        HoldPolicy policy = bind(dir, POLICY_FILE, read(dir, POLICY_FILE), PolicyFile.class).holdPolicy();
        Safety safety = bind(dir, SAFETY_FILE, read(dir, SAFETY_FILE), SafetyFile.class).safety();
        ContentValidator.validateSafety(dir.resolve(SAFETY_FILE).toString(), safety);
        if (policy == null) {
            throw new ConfigException(dir.resolve(POLICY_FILE).toString(), "holdPolicy", null, "section is required");
        }
        List<Credential> trainers = bind(dir, TRAINERS_FILE, read(dir, TRAINERS_FILE), TrainerFile.class).trainers()
                .stream().map(t -> new Credential(t.name(), Boolean.TRUE.equals(t.admin()) ? "admin" : "trainer", null, t.hash()))
                .toList();
        List<Credential> devices = bind(dir, DEVICES_FILE, read(dir, DEVICES_FILE), DeviceFile.class).devices()
                .stream().map(d -> new Credential(d.id(), d.role(), d.zone(), d.hash())).toList();
        CredentialValidator.validate(dir.resolve(TRAINERS_FILE).toString(), "trainers", trainers, engine);
        CredentialValidator.validate(dir.resolve(DEVICES_FILE).toString(), "devices", devices, engine);
        return new Settings(engine, new Catalog(stretches, routines), policy, safety, trainers, devices);
    }

    private static JsonNode read(Path dir, String name) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new ConfigException(file.toString(), "(file)", null, "not found; set --config-dir or LIMBER_CONFIG_DIR");
        }
        try {
            return YAML.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new ConfigException(file.toString(), "line " + e.getLocation().getLineNr(), null,
                    "not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "(file)", null, "cannot be read: " + e.getMessage());
        }
    }

    private static <T> T bind(Path dir, String name, JsonNode tree, Class<T> type) {
        String file = dir.resolve(name).toString();
        try {
            T value = (name.equals(ENGINE_FILE) ? YAML : CONTENT).treeToValue(tree, type);
            if (value == null) {
                throw new ConfigException(file, "(root)", null, "file is empty");
            }
            return value;
        } catch (JsonMappingException e) {
            throw translate(file, e);
        } catch (JsonProcessingException e) {
            throw new ConfigException(file, "(root)", null, e.getOriginalMessage());
        }
    }

    private static ConfigException translate(String file, JsonMappingException e) {
        String path = path(e);
        Throwable cause = e.getCause();
        if (cause instanceof InvalidOptionException bad) {
            String prefix = path.isEmpty() ? "" : path + ".";
            return new ConfigException(file, prefix + bad.field(), bad.value(), bad.getMessage().replaceFirst("^.*?: ", ""));
        }
        if (e instanceof UnrecognizedPropertyException u) {
            return new ConfigException(file, path, u.getPropertyName(), "unknown field (known: " + u.getKnownPropertyIds() + ")");
        }
        if (e instanceof InvalidFormatException f) {
            return new ConfigException(file, path, f.getValue(), "expected " + f.getTargetType().getSimpleName().toLowerCase());
        }
        String reason = cause != null && cause.getMessage() != null ? cause.getMessage() : e.getOriginalMessage();
        if (reason != null && reason.startsWith("Missing creator property")) {
            int quote = reason.indexOf('\'');
            String field = reason.substring(quote + 1, reason.indexOf('\'', quote + 1));
            String full = path.isEmpty() ? field : path.endsWith(field) ? path : path + "." + field;
            return new ConfigException(file, full, null, "is required");
        }
        return new ConfigException(file, path, null, reason);
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
