package limber.arch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The package picture of docs/architecture.md: the edges of its first Mermaid block, written
 * {@code a --> b} or {@code a --> b & c}. Package {@code limber} itself is drawn as {@code app}.
 */
final class LayerPicture {
    private static final Pattern EDGE = Pattern.compile("^\\s*(\\w+)\\s*-->\\s*([\\w\\s&]+)$");

    private LayerPicture() {
    }

    static Map<String, Set<String>> read(Path doc) throws IOException {
        List<String> lines = Files.readAllLines(doc);
        Map<String, Set<String>> edges = new TreeMap<>();
        boolean inside = false;
        for (String line : lines) {
            if (!inside && line.trim().equals("```mermaid")) {
                inside = true;
            } else if (inside && line.trim().equals("```")) {
                break;
            } else if (inside) {
                Matcher m = EDGE.matcher(line);
                if (m.matches()) {
                    for (String to : m.group(2).split("&")) {
                        edges.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(to.trim());
                    }
                }
            }
        }
        if (edges.isEmpty()) {
            throw new IllegalStateException("no edges in the first mermaid block of " + doc);
        }
        return edges;
    }

    /** {@code limber.clock} → {@code clock}, {@code limber} → {@code app}; null outside the engine. */
    static String packageOf(String javaPackage) {
        if (javaPackage.equals("limber")) {
            return "app";
        }
        if (!javaPackage.startsWith("limber.")) {
            return null;
        }
        String rest = javaPackage.substring("limber.".length());
        int dot = rest.indexOf('.');
        return dot < 0 ? rest : rest.substring(0, dot);
    }

    static boolean hasCycle(Map<String, Set<String>> edges) {
        for (String start : edges.keySet()) {
            if (reaches(edges, start, start, new HashSet<>())) {
                return true;
            }
        }
        return false;
    }

    private static boolean reaches(Map<String, Set<String>> edges, String from, String target, Set<String> seen) {
        for (String next : edges.getOrDefault(from, Set.of())) {
            if (next.equals(target)) {
                return true;
            }
            if (seen.add(next) && reaches(edges, next, target, seen)) {
                return true;
            }
        }
        return false;
    }
}
