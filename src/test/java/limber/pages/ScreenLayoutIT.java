package limber.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import limber.pages.Scenes.Scene;
import limber.pages.Scenes.State;

/**
 * The layout check. On the wall display at 1280x720, 1920x1080 and 3840x2160, the tablet at 1024x768 and
 * watches of 240 and 200 px, every state a page can be in (idle, pending, prepare, hold, warn, switch,
 * rest, paused, pain stop, ended, reconnecting; on displays each also under the tap-for-sound panel) at every
 * stretch of the shipped catalog is shown as a
 * {@link Scenes scene} on the page's own clock, and {@link Layout} reads what the page shows: no text that
 * carries meaning cut off, ellipsised, outside the viewport, covered or overlapping other text, no page
 * that scrolls, a countdown ring whose drawn arc is the share of the phase left, and on the tablet the
 * step on now in view in its scrolling list. A display or watch that has no login yet shows its pairing code
 * instead ({@code shared/pairing.js}): checked the same way at every display and watch size.
 */
@Timeout(180)
@ExtendWith(PagesExtension.class)
class ScreenLayoutIT {
    @Test
    void everyStateAndEveryStretchIsShownWholeOnEveryScreen(Pages pages) {
        Scenes scenes = Scenes.load(pages);
        Map<String, Page> screens = new LinkedHashMap<>();
        for (int[] size : new int[][] {{1280, 720}, {1920, 1080}, {3840, 2160}}) {
            screens.put("display " + size[0] + "x" + size[1],
                    pages.openReady(size[0], size[1], 0, "/display/?zone=main-floor&device=wall-" + size[0]));
        }
        screens.put("tablet 1024x768", pages.openReady(1024, 768, 0, "/trainer/?zone=main-floor"));
        for (int size : new int[] {240, 200}) {
            Page watch = pages.openReady(size, size, 0, "/watch/?zone=main-floor&device=watch-" + size);
            watch.locator("#join").click();
            screens.put("watch " + size + "x" + size, watch);
        }

        List<Scene> all = scenes.all();
        List<String> problems = new ArrayList<>();
        long started = System.nanoTime();
        for (Map.Entry<String, Page> screen : screens.entrySet()) {
            for (Scene scene : all) {
                JsonNode sample = scenes.show(screen.getValue(), scene);
                if (sample.has("mode")) {
                    assertEquals(mode(scene.state()), sample.get("mode").asText(), screen.getKey() + " " + scene);
                }
                for (String p : Layout.problems(screen.getValue())) {
                    problems.add(screen.getKey() + ", " + scene + ": " + p);
                }
                if (screen.getKey().startsWith("display")) {
                    // a screen whose browser wants a tap before it plays sound shows its panel over any state
                    screen.getValue().evaluate("() => { document.getElementById('sound-overlay').hidden = false; }");
                    for (String p : Layout.problems(screen.getValue())) {
                        problems.add(screen.getKey() + ", " + scene + ", tap-for-sound panel: " + p);
                    }
                    screen.getValue().evaluate("() => { document.getElementById('sound-overlay').hidden = true; }");
                }
                if (screen.getKey().startsWith("tablet") && scene.step() >= 0 && scene.state() != State.ENDED
                        && scene.state() != State.PAIN) { // (ended: no step on; pain: behind the alert)
                    // the steps list scrolls; the step on now must be in view
                    for (String p : Layout.problemsOf(screen.getValue(), "#steps li.current > span:first-child")) {
                        problems.add(screen.getKey() + ", " + scene + ": current step: " + p);
                    }
                }
            }
        }
        long ms = (System.nanoTime() - started) / 1_000_000;
        System.out.printf("[layout] %d scenes on %d screens checked in %d ms; %d problems%n", all.size(), screens.size(), ms,
                problems.size());
        problems.forEach(p -> System.out.println("[layout] " + p));
        assertTrue(all.size() >= 8 * scenes.stretchNames().size(), "every state at every stretch: " + all.size());
        assertEquals(List.of(), problems.subList(0, Math.min(40, problems.size())), problems.size() + " problems");
        assertTrue(pages.pageErrors.isEmpty(), "page errors: " + pages.pageErrors);
    }

    @Test
    void thePairingCodeIsShownWholeOnEveryDisplayAndWatch(Pages pages) {
        String code = "K7M2QX";
        List<String> problems = new ArrayList<>();
        List<String> sizes = new ArrayList<>();
        for (int[] size : new int[][] {{1280, 720}, {1920, 1080}, {3840, 2160}, {240, 240}, {200, 200}}) {
            boolean watch = size[0] < 400;
            String name = (watch ? "watch " : "display ") + size[0] + "x" + size[1];
            Page page = pages.open(size[0], size[1], 0);
            PairingFake.offer(page, code);
            page.navigate(pages.url(watch ? "/watch/" : "/display/"));
            assertThat(page.locator("#pairing-code")).hasText(code);
            assertThat(page.locator("#pairing-how")).hasText("On the trainer tablet open Devices and enter this code");
            if (watch) {
                assertThat(page.locator("#pairing-qr")).isHidden();
            } else {
                page.waitForFunction("() => { const i = document.getElementById('pairing-qr');"
                        + " return i.complete && i.naturalWidth > 0; }");
                Pages.assertInside(page, "#pairing-qr");
            }
            assertThat(page.locator("#face, #stage")).isHidden();
            Layout.problems(page).forEach(p -> problems.add(name + ", pairing code: " + p));
            // across a room: the code at least a sixth of the screen's short side (a watch: its largest text)
            double codePx = ((Number) page.evaluate("() => parseFloat(getComputedStyle(document.getElementById('pairing-code')).fontSize)")).doubleValue();
            assertTrue(codePx >= Math.min(size[0], size[1]) / 6.0, name + ": pairing code " + codePx + " px");
            if (size[0] == 1920 || size[0] == 200) {
                Pages.screenshot(page, (watch ? "watch" : "display") + "-pairing-" + size[0] + "x" + size[1]);
            }
            sizes.add(name);
        }
        System.out.printf("[layout] pairing code on %s: %d problems%n", sizes, problems.size());
        problems.forEach(p -> System.out.println("[layout] " + p));
        assertEquals(List.of(), problems);
        assertTrue(pages.pageErrors.isEmpty(), "page errors: " + pages.pageErrors);
    }

    /** What the display and the watch say they show in each state (their sample's mode). */
    private static String mode(State state) {
        return switch (state) {
            case IDLE -> "idle";
            case PENDING -> "pending";
            case PAUSED, PAIN -> "paused";
            case ENDED -> "ended";
            default -> "running";
        };
    }
}
