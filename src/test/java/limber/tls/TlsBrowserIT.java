package limber.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.microsoft.playwright.Browser;
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
            Kiosk.trust(trustingHome, data.resolve("tls").resolve("ca.pem"));
            String url = "https://127.0.0.1:" + fx.httpPort + "/display/?zone=main-floor&device=display-1&key=" + PASSWORD;

            try (Browser untrusting = Kiosk.launch(playwright, emptyHome)) {
                PlaywrightException e = assertThrows(PlaywrightException.class, () -> untrusting.newPage().navigate(url));
                assertTrue(e.getMessage().contains("ERR_CERT_AUTHORITY_INVALID"), e.getMessage());
            }
            try (Browser browser = Kiosk.launch(playwright, trustingHome)) {
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
}
