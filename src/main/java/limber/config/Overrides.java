package limber.config;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;

/**
 * Applies {@code --lan} (or {@code LIMBER_LAN=1}) first, then {@code --section.field=value} arguments
 * and {@code LIMBER_SECTION_FIELD} environment
 * variables (every other {@code LIMBER_} variable must name a setting: a typo stops start-up)
 * variables onto the parsed {@code limber.yaml} tree ({@code LIMBER_LOG_*} belong to LogSetup). Keys match case-insensitively so the
 * environment form works for camelCase fields. An override naming no existing setting is an error.
 */
final class Overrides {
    static final String CONFIG_DIR_ARG = "--config-dir";
    static final String CONFIG_DIR_ENV = "LIMBER_CONFIG_DIR";
    /** Opens the engine on the LAN with TLS on: http.host and broker.host 0.0.0.0, tls.mode self-signed. */
    static final String LAN_ARG = "--lan";
    static final String LAN_ENV = "LIMBER_LAN";

    private Overrides() {
    }

    static void apply(ObjectNode root, String[] args, Map<String, String> env) {
        if (lan(args, env)) {
            // one switch for the gym LAN; settings given explicitly (environment, command line) still win
            set(root, List.of("http", "host"), "0.0.0.0", LAN_ARG);
            set(root, List.of("broker", "host"), "0.0.0.0", LAN_ARG);
            JsonNode mode = root.path("tls").path("mode");
            if (mode.isMissingNode() || "off".equals(mode.asText()) || "false".equals(mode.asText())) {
                set(root, List.of("tls", "mode"), "self-signed", LAN_ARG);
            }
        }
        for (Map.Entry<String, String> e : env.entrySet()) {
            String name = e.getKey();
            if (name.startsWith("LIMBER_") && !name.equals(CONFIG_DIR_ENV) && !name.equals(LAN_ENV)
                    && !name.startsWith("LIMBER_LOG_")) {
                set(root, List.of(name.substring("LIMBER_".length()).split("_")), e.getValue(), "environment " + name);
            }
        }
        for (String arg : args) {
            if (!arg.startsWith("--") || arg.startsWith(CONFIG_DIR_ARG) || arg.equals(LAN_ARG)) {
                continue;
            }
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new ConfigException("command line", arg, null, "expected --section.field=value");
            }
            set(root, List.of(arg.substring(2, eq).split("\\.")), arg.substring(eq + 1), "command line " + arg.substring(0, eq));
        }
    }

    private static boolean lan(String[] args, Map<String, String> env) {
        for (String arg : args) {
            if (arg.equals(LAN_ARG)) {
                return true;
            }
        }
        String value = env.getOrDefault(LAN_ENV, "").trim().toLowerCase();
        if (!value.isEmpty() && !value.matches("1|true|yes|0|false|no")) {
            throw new ConfigException("environment " + LAN_ENV, LAN_ENV, value, "expected 1 (on) or 0 (off)");
        }
        return value.matches("1|true|yes");
    }

    private static void set(ObjectNode root, List<String> path, String value, String source) {
        ObjectNode node = root;
        List<String> resolved = new ArrayList<>();
        for (int i = 0; i < path.size(); i++) {
            String key = findKey(node, path.get(i));
            if (key == null) {
                throw new ConfigException(source, String.join(".", path), value, "no such setting in limber.yaml");
            }
            resolved.add(key);
            if (i == path.size() - 1) {
                if (node.get(key).isContainerNode()) {
                    throw new ConfigException(source, String.join(".", resolved), value, "is a section, not a value");
                }
                node.set(key, TextNode.valueOf(value));
            } else {
                JsonNode child = node.get(key);
                if (!(child instanceof ObjectNode obj)) {
                    throw new ConfigException(source, String.join(".", resolved), value, "cannot be overridden");
                }
                node = obj;
            }
        }
    }

    private static String findKey(ObjectNode node, String wanted) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (k.equalsIgnoreCase(wanted)) {
                return k;
            }
        }
        return null;
    }

    /** As with every other override, the last --config-dir on the command line wins. */
    static String configDir(String[] args, Map<String, String> env) {
        String fromArgs = null;
        for (String arg : args) {
            if (arg.startsWith(CONFIG_DIR_ARG + "=")) {
                fromArgs = arg.substring(CONFIG_DIR_ARG.length() + 1);
            }
        }
        if (fromArgs != null) {
            return fromArgs;
        }
        String fromEnv = env.get(CONFIG_DIR_ENV);
        return fromEnv != null ? fromEnv : System.getProperty("limber.config.dir", "config");
    }
}
