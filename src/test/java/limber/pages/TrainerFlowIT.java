package limber.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The trainer drives a session from the tablet page (start, pause, skip, resume, stop) and the wall
 * display follows each action; a pain press on a watch raises an alert on the tablet that stays
 * until acknowledged; the tablet lists the screen and watch as online and counts a done press.
 */
@Timeout(120)
@ExtendWith(PagesExtension.class)
class TrainerFlowIT {
    @Test
    void trainerControlsWhatTheWallShows(Pages pages) {
        JsonNode routine = null;
        for (JsonNode r : pages.get("/api/routines")) {
            if (r.get("id").asText().equals("post-workout-cooldown")) {
                routine = r;
            }
        }
        String first = routine.get("steps").get(0).get("name").asText();
        String second = routine.get("steps").get(1).get("name").asText();

        Page display = pages.open(1920, 1080, 0, "/display/?zone=main-floor&device=wall-a");
        Page watch = pages.open(200, 200, 1_500, "/watch/?zone=main-floor&device=watch-a");
        Page trainer = pages.open(1024, 768, -2_000, "/trainer/?zone=main-floor");
        pages.awaitReady(display);
        pages.awaitReady(watch);
        pages.awaitReady(trainer);

        // presence from retained status topics
        assertThat(trainer.locator("#devices li[data-device='wall-a']")).hasAttribute("data-kind", "display");
        assertThat(trainer.locator("#devices li[data-device='watch-a']")).hasAttribute("data-kind", "watch");
        // the start screen carries the consult note
        assertThat(display.locator("#consult")).containsText("doctor");
        assertThat(display.locator("#idle-title")).hasText("Waiting for your trainer");
        Pages.screenshot(display, "display-start-1920x1080");
        watch.locator("#join").click();

        // start: routine, 20 s holds (two taps down from the 30 s default), 2 rounds
        trainer.locator("[data-routine='post-workout-cooldown']").click();
        trainer.locator("#hold-minus").click();
        trainer.locator("#hold-minus").click();
        assertThat(trainer.locator("#hold")).hasText("20 s");
        trainer.locator("#reps button[data-reps='2']").click();
        trainer.locator("#start").click();

        assertThat(display.locator("#name")).hasText(first);
        assertThat(display.locator("body")).hasClass(Pattern.compile("mode-running"));
        assertThat(display.locator("body")).hasClass(Pattern.compile("side-left"));
        assertThat(display.locator("#side-word")).hasText("LEFT");
        assertThat(display.locator("#rep")).hasText("Round 1 of 2");
        assertThat(trainer.locator("#now-name")).hasText("1. " + first);
        assertThat(watch.locator("#side")).hasText("LEFT");
        for (String sel : List.of("#name", "#side", "#secs", "#phase", "#done", "#skip", "#pain")) {
            Pages.assertInside(watch, sel);
        }
        Pages.screenshot(watch, "watch-200x200");

        // pause: the wall says so and the countdown stops
        trainer.locator("#pause").click();
        assertThat(display.locator("#paused")).isVisible();
        assertThat(display.locator("body")).hasClass(Pattern.compile("mode-paused"));
        assertThat(trainer.locator("#pause")).hasText("Resume");
        String frozen = display.locator("#secs").textContent();
        double later = (Double) display.evaluate("() => window.limberPage.clock.now() + 1200");
        display.waitForFunction("(t) => window.limberPage.clock.now() > t", later);
        assertThat(display.locator("#secs")).hasText(frozen);

        // skip while paused: next stretch, still paused
        trainer.locator("#skip").click();
        assertThat(display.locator("#name")).hasText(second);
        assertThat(display.locator("#paused")).isVisible();

        // resume
        trainer.locator("#pause").click();
        assertThat(display.locator("body")).hasClass(Pattern.compile("mode-running"));
        assertThat(display.locator("#paused")).isHidden();
        assertThat(display.locator("#phase")).hasText("Get into position");

        // a done press from the watch is counted on the tablet and the wall
        watch.locator("#done").click();
        assertThat(trainer.locator("#steps li[data-step='1'] .done")).hasText("✓ 1");
        assertThat(display.locator("#done")).hasText("✓ 1 of 1 done");

        // pain: the tablet raises an alert that needs an acknowledgement
        watch.locator("#pain").click();
        assertThat(watch.locator("#toast")).containsText("Trainer alerted");
        assertThat(trainer.locator("#alerts")).isVisible();
        assertThat(trainer.locator("#alert-list li")).hasCount(1);
        assertThat(trainer.locator("#alert-list li .who")).containsText("watch-a");
        assertThat(trainer.locator("#alert-list li .what")).containsText(second);
        assertThat(trainer.locator("#steps li[data-step='1'] .pain")).hasText("! 1");
        // default safety policy: the zone pauses and the wall keeps the stop line up until acknowledged
        assertThat(display.locator("body")).hasClass(Pattern.compile("mode-paused"));
        assertThat(display.locator("#safety")).hasClass(Pattern.compile("attention"));
        Pages.screenshot(trainer, "trainer-alert-1024x768");
        trainer.locator("#alert-list li button.ack").click();
        assertThat(trainer.locator("#alerts")).isHidden();
        assertThat(trainer.locator("#alert-pill")).isHidden();
        assertThat(display.locator("#safety")).not().hasClass(Pattern.compile("attention"));
        trainer.locator("#pause").click(); // the paused zone's pause button resumes
        assertThat(display.locator("body")).hasClass(Pattern.compile("mode-running"));
        // a reloaded tablet rebuilds pain reports from the retained progress; acknowledged stays acknowledged
        trainer.reload();
        pages.awaitReady(trainer);
        assertThat(trainer.locator("#steps li[data-step='1'] .pain")).hasText("! 1");
        assertThat(trainer.locator("#alerts")).isHidden();
        Pages.screenshot(trainer, "trainer-1024x768");

        // stop takes two taps
        trainer.locator("#stop").click();
        assertThat(trainer.locator("#stop")).hasText("Tap to stop");
        assertThat(display.locator("body")).hasClass(Pattern.compile("mode-running"));
        trainer.locator("#stop").click();
        assertThat(display.locator("#end")).isVisible();
        assertThat(display.locator("#end-title")).hasText("Session ended");
        assertThat(trainer.locator("#live-title")).hasText(Pattern.compile("^Stopped"));
        assertThat(trainer.locator("#start")).isEnabled();

        // touch targets: every control on the tablet is at least 48 px tall and wide
        Object small = trainer.evaluate("() => [...document.querySelectorAll('button')]"
                + ".filter((b) => b.offsetParent !== null).map((b) => b.getBoundingClientRect())"
                + ".filter((r) => r.height < 48 || r.width < 48).length");
        assertEquals(0, ((Number) small).intValue(), "buttons smaller than 48 px");

        // a watch that vanishes without a goodbye is reported offline by its last will
        watch.context().close();
        assertThat(trainer.locator("#devices li[data-device='watch-a']"))
                .hasCount(0, new LocatorAssertions.HasCountOptions().setTimeout(30_000));
        assertThat(trainer.locator("#devices li[data-device='wall-a']")).hasCount(1);
        assertTrue(pages.pageErrors.isEmpty(), "page errors: " + pages.pageErrors);
    }
}
