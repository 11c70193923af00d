package limber.tls;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.assertions.LocatorAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import limber.testing.EngineFixture;
import limber.testing.FreePorts;
import limber.testing.StallMeter;
import limber.testing.TabletSteps;

/**
 * Issue 13's floor bring-up as a gym would run it: logins on, TLS on with the engine's own CA trusted by
 * the kiosk browser through its NSS database. A fresh wall display and a fresh watch show codes; the
 * trainer logs in on the tablet and approves both; within 2 s both show the running session; the watch's
 * Done is accepted; removing the watch cuts it off within 2 s (it shows a new code); a reloaded tablet
 * lists the display online and the removed watch offline, marked removed.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class TlsPairingFlowIT {
    private static final StallMeter STALLS = new StallMeter();

    @TempDir
    Path data;
    @TempDir
    Path home;

    @Test
    void aScreenAndAWatchPairOverTlsAndTheWatchIsRemoved() throws Exception {
        try (EngineFixture fx = EngineFixture.embedded("--tls.mode=self-signed",
                "--store.path=" + data.resolve("limber.db"), "--tls.redirectPort=" + FreePorts.next(),
                "--tls.mqttPort=" + FreePorts.next());
             Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                     .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")))) {
            Path ca = data.resolve("tls").resolve("ca.pem");
            Kiosk.trust(home, ca);
            String origin = "https://127.0.0.1:" + fx.httpPort;
            try (Browser browser = Kiosk.launch(playwright, home)) {
                BrowserContext wall = browser.newContext(new Browser.NewContextOptions().setViewportSize(1280, 720));
                BrowserContext wrist = browser.newContext(new Browser.NewContextOptions().setViewportSize(200, 200));
                BrowserContext desk = browser.newContext(new Browser.NewContextOptions().setViewportSize(1024, 768));
                Page display = wall.newPage();
                display.navigate(origin + "/display/");
                Page watch = wrist.newPage();
                watch.navigate(origin + "/watch/");
                String displayCode = TabletSteps.code(display);
                String watchCode = TabletSteps.code(watch);

                Kiosk.run("curl", "-sS", "--fail", "--cacert", ca.toString(), "-u", "admin:" + EngineFixture.TRAINER_PASSWORD,
                        "-H", "content-type: application/json", "-d", "{\"routineId\":\"beginner\",\"holdSeconds\":20}",
                        origin + "/api/zones/main-floor/session");

                Page tablet = desk.newPage();
                tablet.navigate(origin + "/trainer/?zone=main-floor");
                logIn(tablet);
                tablet.locator("#admin-open").click();
                TabletSteps.approve(tablet, displayCode, "display", "Wall left");
                TabletSteps.showsSessionWithin2s(display, System.currentTimeMillis(), STALLS);
                TabletSteps.approve(tablet, watchCode, "watch", "Watch 1");
                TabletSteps.showsSessionWithin2s(watch, System.currentTimeMillis(), STALLS);
                assertTrue(((String) display.evaluate("() => window.limberPage.link.url")).startsWith("wss://"));

                watch.locator("#join").click();
                watch.locator("#done").click();
                assertThat(watch.locator("body")).hasAttribute("data-acked", Pattern.compile(".+"));

                Locator watchRow = tablet.locator("#device-list li", new Page.LocatorOptions().setHasText("Watch 1"));
                assertThat(watchRow).hasAttribute("data-online", "true");
                watchRow.locator(".d-revoke").click();
                tablet.locator("#ask-ok").click();
                // cut off within 2 s; then it asks for a new code by itself
                watch.waitForFunction("() => !window.limberPage.link || window.limberPage.link.state !== 'online'", null,
                        new Page.WaitForFunctionOptions().setTimeout(2_000).setPollingInterval(20));
                assertThat(watch.locator("#pairing-code")).hasText(TabletSteps.CODE,
                        new LocatorAssertions.HasTextOptions().setTimeout(10_000));
                assertNotEquals(watchCode, watch.locator("#pairing-code").textContent());

                tablet.reload();
                tablet.locator("#admin-open").click();
                TabletSteps.assertListed(tablet, "Wall left", "Watch 1");
            }
        }
    }


    /** The tablet's own login dialog, as a trainer fills it in. */
    private static void logIn(Page tablet) {
        Locator dialog = tablet.locator("#login");
        assertThat(dialog).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(15_000));
        dialog.locator("input[name='user']").fill("admin");
        dialog.locator("input[name='password']").fill(EngineFixture.TRAINER_PASSWORD);
        dialog.locator("button[type='submit']").click();
        assertThat(tablet.locator("#admin-open")).isVisible(new LocatorAssertions.IsVisibleOptions().setTimeout(15_000));
    }
}
