package limber.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import limber.pages.Scenes.State;

/**
 * What the wall shows in the states that matter most, driven by scenes on the page's own clock: the
 * countdown ring drains with the time left, the safety stop line on the end screen is shown whole from
 * 720p to 4K, and an open pain report takes over the screen with the stop line, large and in high
 * contrast, so it reads from across the room.
 */
@Timeout(120)
@ExtendWith(PagesExtension.class)
class WallDisplayStatesIT {
    /** The share of the ring the browser paints (from the computed style, which is what is drawn) and the time left. */
    private static final String RING = """
            () => {
              const arc = document.getElementById('arc');
              const s = window.limberPage.sample();
              return JSON.stringify({ drawn: 1 - parseFloat(getComputedStyle(arc).strokeDashoffset) / arc.getTotalLength(),
                left: s.remainingMs / s.durationMs, secs: s.secondsText, engineNow: s.engineNow });
            }
            """;
    /** How the shown text {@code message} stands out: size against every other text, contrast, the panel it sits on. */
    private static final String PROMINENCE = """
            (message) => {
              const shown = (e) => e.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true });
              const texts = [...document.body.querySelectorAll('*')].filter((e) => shown(e)
                && [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim()));
              const line = texts.find((e) => e.textContent.trim() === message);
              if (!line) return JSON.stringify({ found: false });
              const rgb = (c) => (c.match(/[\\d.]+/g) || []).map(Number);
              const lum = ([r, g, b]) => {
                const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
                return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
              };
              const opaque = (e) => { const v = rgb(getComputedStyle(e).backgroundColor); return v.length < 4 || v[3] > 0.9; };
              let panel = line;
              while (panel.parentElement && !opaque(panel)) panel = panel.parentElement;
              const fg = lum(rgb(getComputedStyle(line).color));
              const bg = lum(rgb(getComputedStyle(panel).backgroundColor));
              const r = panel.getBoundingClientRect();
              const size = (e) => parseFloat(getComputedStyle(e).fontSize);
              return JSON.stringify({ found: true, fontPx: size(line),
                largestOtherPx: Math.max(0, ...texts.filter((e) => e !== line).map(size)),
                contrast: (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05),
                panelShare: panel === document.body ? 0 : (r.width * r.height) / (innerWidth * innerHeight),
                countdownShown: shown(document.getElementById('secs')) });
            }
            """;

    @AfterEach
    void noPageErrors(Pages pages) {
        assertTrue(pages.pageErrors.isEmpty(), "page errors: " + pages.pageErrors);
    }

    @Test
    void theRingDrainsWithTheTimeLeft(Pages pages) {
        Scenes scenes = Scenes.load(pages);
        Page wall = pages.openReady(1920, 1080, 2_500, "/display/?zone=main-floor&device=wall-ring");
        for (State state : List.of(State.PREPARE, State.HOLD, State.WARN, State.PAUSED)) {
            scenes.show(wall, scenes.sided(state));
            JsonNode ring = Pages.parse((String) wall.evaluate(RING));
            assertEquals(ring.get("left").asDouble(), ring.get("drawn").asDouble(), 0.005, state + ": " + ring);
        }
        scenes.show(wall, scenes.sided(State.HOLD));
        Pages.screenshot(wall, "display-hold-1920x1080");
        JsonNode before = Pages.parse((String) wall.evaluate(RING));
        wall.waitForFunction("(t) => window.limberPage.clock.now() > t", before.get("engineNow").asDouble() + 1_100);
        JsonNode after = Pages.parse((String) wall.evaluate(RING));
        assertTrue(after.get("drawn").asDouble() < before.get("drawn").asDouble() - 0.02, "drains: " + before + " then " + after);
        assertEquals(after.get("left").asDouble(), after.get("drawn").asDouble(), 0.005, "a second later: " + after);
    }

    @ParameterizedTest
    @CsvSource({"1280, 720", "1920, 1080", "3840, 2160"})
    void theStopLineOnTheEndScreenIsShownWhole(int width, int height, Pages pages) {
        Scenes scenes = Scenes.load(pages);
        Page wall = pages.openReady(width, height, 0, "/display/?zone=main-floor&device=wall-end-" + width);
        JsonNode sample = scenes.show(wall, scenes.at(State.ENDED, scenes.longestName()));
        assertEquals("ended", sample.get("mode").asText());
        List<String> problems = Layout.problemsOfText(wall, Scenes.stopLine(wall));
        assertEquals(List.of(), problems, "the stop line at " + width + "x" + height);
        if (width == 1920) {
            Pages.screenshot(wall, "display-end-1920x1080");
        }
    }

    @ParameterizedTest
    @CsvSource({"1280, 720", "1920, 1080"})
    void anOpenPainReportPutsTheStopLineAcrossTheWall(int width, int height, Pages pages) {
        Scenes scenes = Scenes.load(pages);
        Page wall = pages.openReady(width, height, -1_500, "/display/?zone=main-floor&device=wall-pain-" + width);
        scenes.show(wall, scenes.sided(State.PAIN));
        String stop = Scenes.stopLine(wall);
        JsonNode p = Pages.parse((String) wall.evaluate(PROMINENCE, stop));
        assertTrue(p.get("found").asBoolean(), "the wall shows the stop line");
        assertEquals(List.of(), Layout.problemsOfText(wall, stop), "shown whole");
        // as large as the largest type on the wall: about 8% of the screen height and more
        assertTrue(p.get("fontPx").asDouble() >= 0.075 * height, "stop line type " + p);
        assertTrue(p.get("fontPx").asDouble() >= p.get("largestOtherPx").asDouble(), "the largest text on the wall: " + p);
        assertTrue(p.get("contrast").asDouble() >= 7, "contrast of at least 7:1: " + p);
        assertTrue(p.get("panelShare").asDouble() >= 0.3, "on a panel across the screen: " + p);
        assertFalse(p.get("countdownShown").asBoolean(), "the countdown gives way to it");
        if (width == 1920) {
            Pages.screenshot(wall, "display-pain-1920x1080");
        }
    }
}
