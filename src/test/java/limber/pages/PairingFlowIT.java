package limber.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

import limber.testing.StallMeter;
import limber.testing.TabletSteps;

/**
 * Pairing end to end on an engine whose broker requires a login (issue 13, the pairing contract): a fresh
 * wall display and a fresh watch (no key, nothing stored) show pairing codes; the admin approves both on the
 * tablet's Devices view; both show the running session within 2 s and the watch's Done is accepted; the
 * watch is removed and goes back to a pairing code; a reloaded tablet lists the display online and the
 * watch offline and marked removed. The tablet's own broker login comes from the trainer login (/api/mqtt-login), not its URL.
 */
@Timeout(120)
class PairingFlowIT {
    @RegisterExtension
    static final PagesExtension EXTENSION = PagesExtension.enginePerTest();

    private static final StallMeter STALLS = new StallMeter();

    @Test
    void freshDevicesArePairedFollowTheSessionAndARemovedWatchPairsAgain(Pages pages) {
        Page display = pages.open(1920, 1080, 0, "/display/");
        Page watch = pages.open(200, 200, 0, "/watch/");
        String displayCode = TabletSteps.code(display);
        String watchCode = TabletSteps.code(watch);
        assertNotEquals(displayCode, watchCode);
        // the wall shows the QR code of its approval link, the watch only the code
        display.waitForFunction("() => { const i = document.getElementById('pairing-qr');"
                + " return !i.hidden && i.complete && i.naturalWidth > 0; }");
        assertThat(watch.locator("#pairing-qr")).isHidden();

        pages.post("/api/zones/main-floor/session", "{\"routineId\":\"beginner\",\"holdSeconds\":20}");

        Page tablet = pages.open(1024, 768, 0, "/trainer/?zone=main-floor");
        pages.awaitReady(tablet);
        assertTrue(((String) tablet.evaluate("() => window.limberPage.deviceId")).startsWith("tablet:admin:"),
                "the tablet logs in to the broker as its trainer");
        tablet.locator("#admin-open").click();
        TabletSteps.approve(tablet, displayCode, "display", "Wall left");
        TabletSteps.showsSessionWithin2s(display, System.currentTimeMillis(), STALLS);
        TabletSteps.approve(tablet, watchCode, "watch", "Watch 1");
        TabletSteps.showsSessionWithin2s(watch, System.currentTimeMillis(), STALLS);
        assertThat(display.locator("#pairing")).not().isAttached();

        // the watch is a participant like any other: Done is accepted
        watch.locator("#join").click();
        watch.locator("#done").click();
        assertThat(watch.locator("body")).hasAttribute("data-acked", Pattern.compile(".+"));
        Awaitility.await("done counted").atMost(Duration.ofSeconds(5)).until(() ->
                pages.get("/api/zones/main-floor").get("progress").get("steps").get(0).get("done").asInt() == 1);

        // remove the watch: it is cut off and shows a new code
        Locator watchRow = tablet.locator("#device-list li", new Page.LocatorOptions().setHasText("Watch 1"));
        assertThat(watchRow).hasAttribute("data-online", "true");
        watchRow.locator(".d-revoke").click();
        tablet.locator("#ask-ok").click();
        assertThat(watch.locator("#pairing-code")).hasText(TabletSteps.CODE, new LocatorAssertions.HasTextOptions().setTimeout(8_000));
        assertNotEquals(watchCode, watch.locator("#pairing-code").textContent(), "a fresh code after removal");
        assertTrue(watch.evaluate("() => localStorage.getItem('limber.pairing.watch')") == null, "the watch forgot its login");

        // a reloaded tablet: the display online, the removed watch offline and marked removed
        tablet.reload();
        pages.awaitReady(tablet);
        tablet.locator("#admin-open").click();
        TabletSteps.assertListed(tablet, "Wall left", "Watch 1");
        assertTrue(pages.pageErrors.isEmpty(), "page errors: " + pages.pageErrors);
    }
}
