package limber.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import limber.pages.Scenes.State;

/**
 * The trainer's tablet and the watch, in the states where they used to mislead: every stretch name of
 * the catalog is shown whole (wrapped, never cut off), a paused session does not look like a running one,
 * and a disabled Start says what it is waiting for.
 */
@Timeout(120)
@ExtendWith(PagesExtension.class)
class TabletAndWatchStatesIT {
    /** The countdown's colour, and the element saying "paused" with its background, if any. */
    private static final String LOOKS = """
            () => {
              const shown = (e) => e.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
              const paused = [...document.body.querySelectorAll('*')].find((e) => shown(e)
                && [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && /paused/i.test(n.textContent)));
              return JSON.stringify({ secs: getComputedStyle(document.getElementById('secs')).color,
                page: getComputedStyle(document.body).backgroundColor,
                paused: paused ? { text: paused.textContent.trim(), background: getComputedStyle(paused).backgroundColor } : null });
            }
            """;

    @AfterEach
    void noPageErrors(Pages pages) {
        assertTrue(pages.pageErrors.isEmpty(), "page errors: " + pages.pageErrors);
    }

    @Test
    void everyStretchNameIsShownWholeOnTheTabletAndTheWatch(Pages pages) {
        Scenes scenes = Scenes.load(pages);
        Page tablet = pages.openReady(1024, 768, 0, "/trainer/?zone=main-floor");
        Page small = watch(pages, 200, "watch-names-200");
        Page large = watch(pages, 240, "watch-names-240");
        List<String> problems = new ArrayList<>();
        for (String name : scenes.stretchNames()) {
            for (State state : List.of(State.HOLD, State.PAUSED)) {
                scenes.show(tablet, scenes.at(state, name));
                assertThat(tablet.locator("#now-name")).containsText(name);
                Layout.problemsOf(tablet, "#now-name").forEach(p -> problems.add("tablet " + state + ": " + p));
                for (Page w : List.of(small, large)) {
                    scenes.show(w, scenes.at(state, name));
                    assertThat(w.locator("#name")).hasText(name);
                    Layout.problemsOf(w, "#name").forEach(p -> problems.add("watch " + w.viewportSize().width + " " + state + ": " + p));
                }
            }
        }
        assertEquals(List.of(), problems);
        scenes.show(tablet, scenes.at(State.HOLD, "Kneeling Thoracic Extension on a Bench"));
        Pages.screenshot(tablet, "trainer-long-name-1024x768");
        scenes.show(small, scenes.at(State.HOLD, "90/90 Hip Switch with Reach"));
        Pages.screenshot(small, "watch-long-name-200x200");
    }

    @Test
    void aPausedWatchDoesNotLookLikeARunningOne(Pages pages) {
        Scenes scenes = Scenes.load(pages);
        Page w = watch(pages, 200, "watch-paused");
        scenes.show(w, scenes.sided(State.HOLD));
        JsonNode running = Pages.parse((String) w.evaluate(LOOKS));
        scenes.show(w, scenes.sided(State.PAUSED));
        JsonNode paused = Pages.parse((String) w.evaluate(LOOKS));
        Pages.screenshot(w, "watch-paused-200x200");
        assertTrue(spread(running.get("secs").asText()) > 100 && spread(paused.get("secs").asText()) <= 40,
                "the countdown goes from its phase colour to grey when paused: " + running + " / " + paused);
        assertTrue(paused.hasNonNull("paused"), "says paused: " + paused);
        String badge = paused.get("paused").get("background").asText();
        assertTrue(opaque(badge) && distance(badge, paused.get("page").asText()) > 100,
                "\"paused\" stands on a badge of its own: " + paused);
    }

    @Test
    void pausedOnTheTabletIsNotColouredLikeLive(Pages pages) {
        Scenes scenes = Scenes.load(pages);
        Page tablet = pages.openReady(1024, 768, -3_000, "/trainer/?zone=main-floor");
        scenes.show(tablet, scenes.sided(State.HOLD));
        assertThat(tablet.locator("#live-title")).containsText(Pattern.compile("live", Pattern.CASE_INSENSITIVE));
        String live = colour(tablet, "#live-title");
        scenes.show(tablet, scenes.sided(State.PAUSED));
        assertThat(tablet.locator("#live-title")).containsText(Pattern.compile("paused", Pattern.CASE_INSENSITIVE));
        String paused = colour(tablet, "#live-title");
        Pages.screenshot(tablet, "trainer-paused-1024x768");
        assertTrue(distance(live, paused) > 100, "LIVE " + live + " and PAUSED " + paused + " look alike");
    }

    @Test
    void aDisabledStartSaysWhatItWaitsFor(Pages pages) {
        Page tablet = pages.openReady(1024, 768, 0, "/trainer/?zone=main-floor");
        Locator start = tablet.locator("#start");
        assertThat(start).isDisabled();
        String hintId = start.getAttribute("aria-describedby");
        assertNotNull(hintId, "Start points to a hint (aria-describedby)");
        Locator hint = tablet.locator("#" + hintId);
        assertThat(hint).isVisible();
        assertThat(hint).containsText(Pattern.compile("routine", Pattern.CASE_INSENSITIVE));
        assertEquals(List.of(), Layout.problemsOf(tablet, "#" + hintId));
        Pages.screenshot(tablet, "trainer-start-hint-1024x768");
        tablet.locator("[data-routine='beginner']").click();
        assertThat(start).isEnabled();
        assertThat(hint).isHidden();
    }

    private static Page watch(Pages pages, int size, String device) {
        Page w = pages.openReady(size, size, 0, "/watch/?zone=main-floor&device=" + device);
        w.locator("#join").click();
        return w;
    }

    private static String colour(Page page, String selector) {
        return (String) page.evaluate("(s) => getComputedStyle(document.querySelector(s)).color", selector);
    }

    private static double[] rgba(String css) {
        String[] parts = css.replaceAll("[^0-9.,]", "").split(",");
        double[] v = {0, 0, 0, 1};
        for (int i = 0; i < parts.length && i < 4; i++) {
            v[i] = Double.parseDouble(parts[i]);
        }
        return v;
    }

    private static boolean opaque(String css) {
        return rgba(css)[3] > 0.9;
    }

    /** How colourful a CSS colour is: its highest channel minus its lowest (a grey is near 0). */
    private static double spread(String css) {
        double[] v = rgba(css);
        return Math.max(v[0], Math.max(v[1], v[2])) - Math.min(v[0], Math.min(v[1], v[2]));
    }

    /** How far apart two CSS colours are (RGB, 0 to 441). */
    private static double distance(String a, String b) {
        double[] x = rgba(a);
        double[] y = rgba(b);
        return Math.sqrt(Math.pow(x[0] - y[0], 2) + Math.pow(x[1] - y[1], 2) + Math.pow(x[2] - y[2], 2));
    }
}
