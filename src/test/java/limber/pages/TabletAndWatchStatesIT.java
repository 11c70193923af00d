package limber.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import limber.pages.Scenes.State;

/**
 * The trainer's tablet and the watch, in the states where they used to mislead: every stretch name of
 * the catalog is shown whole (wrapped, never cut off).
 */
@Timeout(120)
@ExtendWith(PagesExtension.class)
class TabletAndWatchStatesIT {
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

    private static Page watch(Pages pages, int size, String device) {
        Page w = pages.openReady(size, size, 0, "/watch/?zone=main-floor&device=" + device);
        w.locator("#join").click();
        return w;
    }
}
