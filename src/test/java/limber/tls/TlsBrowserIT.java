package limber.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import limber.security.Credential;
import limber.security.PasswordHash;
import limber.testing.DeviceConfig;
import limber.testing.EngineFixture;
import limber.testing.FreePorts;

/**
 * Chromium trusts the engine's CA the way a kiosk would, through the NSS database of the user it runs
 * as (certutil, a HOME of its own): the display page loads over HTTPS and reaches the broker over WSS
 * with its login, with no certificate error ignored anywhere. Without the CA the same load fails.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TlsBrowserIT {
    private static final String PASSWORD = "display-password-1";

    @TempDir
    Path configDir;
    @TempDir
    Path data;
    @TempDir
    Path trustingHome;
    @TempDir
    Path emptyHome;

    @Test
    void displayLoadsOverHttpsAndWssWithTheCaTrustedThroughNss() throws Exception {
        DeviceConfig.write(configDir, List.of(new Credential("display-1", "display", "main-floor",
                PasswordHash.hash(PASSWORD))));
        try (EngineFixture fx = EngineFixture.embedded("--config-dir=" + configDir,
                "--tls.mode=self-signed", "--store.path=" + data.resolve("limber.db"),
                "--tls.redirectPort=" + FreePorts.next(), "--tls.mqttPort=" + FreePorts.next());
             Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                     .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            trust(trustingHome, data.resolve("tls").resolve("ca.pem"));
            String url = "https://127.0.0.1:" + fx.httpPort + "/display/?zone=main-floor&device=display-1&key=" + PASSWORD;

            try (Browser untrusting = launch(playwright, emptyHome)) {
                PlaywrightException e = assertThrows(PlaywrightException.class, () -> untrusting.newPage().navigate(url));
                assertTrue(e.getMessage().contains("ERR_CERT_AUTHORITY_INVALID"), e.getMessage());
            }
            try (Browser browser = launch(playwright, trustingHome)) {
                Page page = browser.newPage();
                Response response = page.navigate(url);
                assertEquals(200, response.status());
                page.waitForFunction("() => window.limberPage && window.limberPage.clock && window.limberPage.clock.synced",
                        null, new Page.WaitForFunctionOptions().setTimeout(20_000).setPollingInterval(50));
                String brokerUrl = (String) page.evaluate("() => window.limberPage.link.url");
                assertEquals("wss://127.0.0.1:" + fx.websocketPort + "/mqtt", brokerUrl);
            }
        }
    }

    private static Browser launch(Playwright playwright, Path home) {
        return playwright.chromium().launch(new BrowserType.LaunchOptions()
                .setExecutablePath(Paths.get("/usr/bin/chromium")).setHeadless(true)
                .setEnv(Map.of("HOME", home.toString()))
                .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking")));
    }

    /** What the README tells a kiosk's owner to do: the CA into that user's NSS database. */
    private static void trust(Path home, Path ca) throws Exception {
        Path db = Files.createDirectories(home.resolve(".pki").resolve("nssdb"));
        run("certutil", "-d", "sql:" + db, "-N", "--empty-password");
        run("certutil", "-d", "sql:" + db, "-A", "-t", "C,,", "-n", "limber", "-i", ca.toString());
    }

    private static void run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", cmd));
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
    }
}
