package limber.sound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The wall display's sound planning (displays/shared/soundplan.js: which sounds a timeline makes, and
 * the local-to-audio time mapping) passes its unit tests in src/test/js, run with Node's test runner.
 */
class SoundPlanTest {
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void soundPlanUnitTestsPass(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/node")) || Files.isExecutable(Path.of("/usr/local/bin/node")),
                "node is not installed here");
        Path log = dir.resolve("node.txt");
        Process node = new ProcessBuilder("node", "--test", "src/test/js/").redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        assertTrue(node.waitFor(50, TimeUnit.SECONDS), "node --test took too long");
        String out = Files.readString(log);
        assertEquals(0, node.exitValue(), out);
        assertTrue(out.contains("# fail 0") && !out.contains("# pass 0"), out);
    }
}
