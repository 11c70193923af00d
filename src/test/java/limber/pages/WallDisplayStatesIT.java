package limber.pages;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * countdown ring drains with the time left, and the safety stop line on the end screen is shown whole
 * from 720p to 4K.
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
}
