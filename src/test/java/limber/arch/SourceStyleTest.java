package limber.arch;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * House rules the formatter does not check: no class in src/main over 300 lines, so no class grows
 * back into a do-everything owner; and imports instead of fully qualified names in code.
 */
class SourceStyleTest {
    private static final int MAX_LINES = 300;
    /** A dotted package path ending in a type name, e.g. java.util.List or limber.clock.ZoneOwner. */
    private static final Pattern QUALIFIED = Pattern.compile(
            "\\b(?:java|javax|io|org|com|net|limber)(?:\\.[a-z][a-z0-9_]*)+\\.[A-Z]\\w*");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

    private static List<Path> sources(String root) throws IOException {
        try (Stream<Path> files = Files.walk(Path.of(root))) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    @Test
    void noMainClassIsOverThreeHundredLines() throws IOException {
        List<String> big = new ArrayList<>();
        List<Path> files = sources("src/main/java");
        for (Path p : files) {
            long lines = Files.lines(p).count();
            if (lines > MAX_LINES) {
                big.add(p + ": " + lines + " lines");
            }
        }
        assertTrue(files.size() > 50, "found the sources");
        assertTrue(big.isEmpty(), "split these by responsibility (at most " + MAX_LINES + " lines):\n"
                + String.join("\n", big));
    }

    @Test
    void codeImportsTypesInsteadOfNamingThemInFull() throws IOException {
        List<String> found = new ArrayList<>();
        List<Path> files = new ArrayList<>(sources("src/main/java"));
        files.addAll(sources("src/test/java"));
        for (Path p : files) {
            List<String> lines = Files.readAllLines(p);
            for (int i = 0; i < lines.size(); i++) {
                String code = lines.get(i).trim();
                if (code.startsWith("import ") || code.startsWith("package ") || code.startsWith("*")
                        || code.startsWith("//") || code.startsWith("/*") || code.startsWith("@SuppressWarnings")) {
                    continue;
                }
                code = STRING.matcher(code).replaceAll("\"\"");
                int comment = code.indexOf("//");
                if (comment >= 0) {
                    code = code.substring(0, comment);
                }
                if (QUALIFIED.matcher(code).find()) {
                    found.add(p + ":" + (i + 1) + ": " + lines.get(i).trim());
                }
            }
        }
        assertTrue(found.isEmpty(), "import these types instead:\n" + String.join("\n", found));
    }

    @Test
    void theQualifiedNameRuleSeesWhatItShould() {
        // guards the check: a rule that matches nothing would pass any code
        assertTrue(QUALIFIED.matcher("var m = new java.util.HashMap<String, String>();").find());
        assertTrue(QUALIFIED.matcher("limber.devices.DeviceRateLimit limit;").find());
        assertTrue(!QUALIFIED.matcher("Map<String, String> m = new HashMap<>();").find());
        assertTrue(!QUALIFIED.matcher(STRING.matcher("address(\"limber.zone.\" + zone)").replaceAll("\"\"")).find());
    }
}
