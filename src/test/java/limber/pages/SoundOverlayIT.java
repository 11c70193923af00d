package limber.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A kiosk started without the autoplay flag: the wall display asks for one tap with a panel shown whole
 * at 720p, 1080p and 4K, over the start screen and over a hold; the tablet's device list says which screen
 * needs the tap; the tablet's sound controls change the zone's sound and the screen applies it at once;
 * one tap turns sound on and the note goes.
 */
@Timeout(120)
@ExtendWith(PagesExtension.class)
class SoundOverlayIT {
    /**
     * The browser's autoplay policy, applied by the page itself: headless Chromium lets every page play
     * whatever its switches say. A context starts suspended and resumes only inside a tap, as in a
     * desktop Chromium started without --autoplay-policy=no-user-gesture-required.
     */
    private static final String NO_AUTOPLAY = """
            (() => {
              let tapped = false;
              addEventListener('pointerdown', () => { tapped = true; }, true);
              const Real = window.AudioContext;
              window.AudioContext = class extends Real {
                get state() { return tapped ? super.state : 'suspended'; }
                resume() { return tapped ? super.resume() : new Promise(() => {}); }
              };
            })();
            """;

    @Test
    void aScreenThatNeedsATapSaysSoAndTheTabletShowsWhich(Pages pages) {
        Page display = pages.openWith(NO_AUTOPLAY, 1920, 1080, 0, "/display/?zone=main-floor&device=wall-quiet");
        pages.awaitReady(display);
        try {
            display.waitForFunction("() => window.limberPage.sound && window.limberPage.sound.state === 'blocked'");
        } catch (RuntimeException e) {
            throw new AssertionError("the screen should wait for a tap: " + display.evaluate("() => JSON.stringify({"
                    + " state: window.limberPage.sound && window.limberPage.sound.state,"
                    + " ctx: window.limberPage.sound && window.limberPage.sound.ctx && window.limberPage.sound.ctx.state })"), e);
        }
        assertThat(display.locator("#sound-overlay")).isVisible();

        Page tablet = pages.openReady(1024, 768, 0, "/trainer/?zone=main-floor");
        assertThat(tablet.locator("#devices li[data-device='wall-quiet'] .needs-tap")).hasText("tap the screen for sound");
        assertThat(tablet.locator("#sound-mode button[data-mode='voice']")).hasAttribute("aria-checked", "true");
        assertThat(tablet.locator("#volume")).hasText("80 %");

        List<String> problems = new ArrayList<>();
        for (boolean live : new boolean[] {false, true}) {
            if (live) {
                pages.post("/api/zones/main-floor/session", "{\"routineId\":\"post-workout-cooldown\"}");
                display.waitForFunction("() => window.limberPage.sample().mode === 'running'");
            }
            for (int[] size : new int[][] {{1280, 720}, {1920, 1080}, {3840, 2160}}) {
                display.setViewportSize(size[0], size[1]);
                Pages.assertInside(display, "#sound-enable");
                for (String p : Layout.problems(display)) {
                    problems.add((live ? "hold " : "start ") + size[0] + "x" + size[1] + ": " + p);
                }
            }
        }
        assertEquals(List.of(), problems);
        display.setViewportSize(1920, 1080);
        Pages.screenshot(display, "display-sound-1920x1080");

        tablet.locator("#sound-mode button[data-mode='tones']").click();
        tablet.locator("#volume-minus").click();
        display.waitForFunction("() => window.limberPage.sound.setting.mode === 'tones'"
                + " && window.limberPage.sound.setting.volume === 70");
        assertThat(tablet.locator("#volume")).hasText("70 %");
        assertThat(tablet.locator("#sound-mode button[data-mode='tones']")).hasAttribute("aria-checked", "true");
        Pages.screenshot(tablet, "trainer-sound-1024x768");

        display.locator("#sound-enable").click();
        display.waitForFunction("() => window.limberPage.sound.state === 'ready'");
        assertThat(display.locator("#sound-overlay")).isHidden();
        assertThat(tablet.locator("#devices li[data-device='wall-quiet'] .needs-tap")).hasCount(0);
        pages.post("/api/zones/main-floor/session/stop", null);
        assertTrue(pages.pageErrors.isEmpty(), "page errors: " + pages.pageErrors);
    }
}
