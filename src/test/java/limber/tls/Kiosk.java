package limber.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Playwright;

/**
 * A kiosk's browser the way the README sets one up: Debian's Chromium running as a user whose NSS
 * database trusts the engine's CA (certutil). Nothing ignores certificate errors.
 */
final class Kiosk {
    private Kiosk() {
    }

    static Browser launch(Playwright playwright, Path home) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get("/usr/bin/chromium")).setHeadless(true)
                .setEnv(Map.of("HOME", home.toString()))
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking")));
    }

    /** What the README tells a kiosk's owner to do: the CA into that user's NSS database. */
    static void trust(Path home, Path ca) throws Exception {
        Path db = Files.createDirectories(home.resolve(".pki").resolve("nssdb"));
        run("certutil", "-d", "sql:" + db, "-N", "--empty-password");
        run("certutil", "-d", "sql:" + db, "-A", "-t", "C,,", "-n", "limber", "-i", ca.toString());
    }

    /** Runs a command, fails unless it exits 0 within 30 s; returns what it printed. */
    static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
        return out;
    }
}
