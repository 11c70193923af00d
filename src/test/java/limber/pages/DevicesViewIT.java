package limber.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The tablet's admin view against the pairing contract's trainer side, answered by Playwright (so it runs
 * before and independently of the engine's admin API; {@link PairingFlowIT} runs it end to end): the QR
 * link {@code ?pair=CODE} opens it with the code filled in, Approve sends role, zone and name; the device
 * list shows every device with an offline one marked unmistakably, is read again every few seconds, and
 * Remove asks first; a new trainer's password is shown once. The view is checked with the layout check at
 * 1024x768.
 */
@Timeout(90)
@ExtendWith(PagesExtension.class)
class DevicesViewIT {
    private static final String DEVICES = """
            [{"id":"display-7f3k9q","role":"display","zone":"main-floor","name":"Wall left","source":"paired",
              "online":true,"lastSeen":%d,"clockOffsetMs":-12.4,"rttMs":8},
             {"id":"watch-a1b2c3","role":"watch","zone":"main-floor","name":"Watch 12","source":"paired",
              "online":false,"lastSeen":%d,"clockOffsetMs":null,"rttMs":null},
             {"id":"wall-1","role":"display","zone":"main-floor","name":"wall-1","source":"config",
              "online":false,"lastSeen":null,"clockOffsetMs":null,"rttMs":null}]
            """;

    private record Call(String method, String path, String body) {
    }

    @Test
    void approveListRemoveAndAddATrainer(Pages pages) {
        List<Call> calls = new CopyOnWriteArrayList<>();
        AtomicInteger listReads = new AtomicInteger();
        Page tablet = pages.open(1024, 768, 0);
        tablet.route(url -> url.contains("/api/me"), json(calls, "{\"name\":\"admin\",\"admin\":true}"));
        tablet.route(url -> url.contains("/api/devices"), route -> {
            if (route.request().method().equals("GET")) {
                listReads.incrementAndGet();
                long now = System.currentTimeMillis();
                fulfil(route, DEVICES.formatted(now, now - 5 * 60_000));
            } else {
                calls.add(new Call(route.request().method(), path(route), route.request().postData()));
                fulfil(route, "{\"revoked\":\"watch-a1b2c3\"}");
            }
        });
        tablet.route(url -> url.contains("/api/pairing/"), json(calls, "{\"deviceId\":\"watch-new\"}"));
        tablet.route(url -> url.contains("/api/trainers"), route -> {
            if (route.request().method().equals("GET")) {
                fulfil(route, "[{\"name\":\"admin\",\"admin\":true,\"disabled\":false,\"source\":\"config\"},"
                        + "{\"name\":\"jo\",\"admin\":false,\"disabled\":true,\"source\":\"stored\"}]");
            } else {
                calls.add(new Call(route.request().method(), path(route), route.request().postData()));
                fulfil(route, "{\"name\":\"sam\",\"password\":\"pw-shown-once-123\"}");
            }
        });
        tablet.navigate(pages.url("/trainer/?zone=main-floor&pair=k7m2qx"));

        // the QR code's link opens the view with the code filled in
        assertThat(tablet.locator("#admin")).isVisible();
        assertThat(tablet.locator("#pair-code")).hasValue("K7M2QX");
        assertThat(tablet.locator("#device-list li")).hasCount(3);
        assertThat(tablet.locator("#pair-zone option")).not().hasCount(0);

        // offline is obvious: its own badge colour and edge, not just a word
        assertThat(tablet.locator("li[data-device='watch-a1b2c3'] .d-state")).hasText("Offline");
        assertThat(tablet.locator("li[data-device='watch-a1b2c3'] .d-seen")).hasText("last seen 5 min ago");
        assertThat(tablet.locator("li[data-device='display-7f3k9q'] .d-clock")).hasText("clock -12 ms · round trip 8 ms");
        String online = badge(tablet, "display-7f3k9q");
        String offline = badge(tablet, "watch-a1b2c3");
        assertNotEquals(online, offline, "online and offline badges differ in colour");
        // provisioned as code, and still removable from the tablet (kept in the database)
        assertThat(tablet.locator("li[data-device='wall-1'] .d-revoke")).isEnabled();
        List<String> problems = new ArrayList<>(Layout.problems(tablet));
        Pages.screenshot(tablet, "trainer-devices-1024x768");
        assertEquals(List.of(), problems);

        // the list is read again while the view is open
        int before = listReads.get();
        tablet.waitForCondition(() -> listReads.get() >= before + 2, new Page.WaitForConditionOptions().setTimeout(8_000));

        // approve
        tablet.locator("input[name='role'][value='watch']").check();
        tablet.locator("#pair-zone").selectOption("main-floor");
        tablet.locator("#pair-name").fill("Watch 13");
        tablet.locator("#pair-approve").click();
        assertThat(tablet.locator("#pair-msg")).containsText("Paired");
        Call approve = find(tablet, calls, "POST", "/api/pairing/K7M2QX/approve");
        JsonNode body = Pages.parse(approve.body());
        assertEquals("watch", body.get("role").asText());
        assertEquals("main-floor", body.get("zone").asText());
        assertEquals("Watch 13", body.get("name").asText());
        assertTrue(!tablet.url().contains("pair="), "the code leaves the URL once used: " + tablet.url());

        // remove asks first; Cancel keeps it
        tablet.locator("li[data-device='watch-a1b2c3'] .d-revoke").click();
        assertThat(tablet.locator("#admin-dialog")).isVisible();
        assertThat(tablet.locator("#ask-title")).hasText("Remove “Watch 12”?");
        tablet.locator("#ask-cancel").click();
        assertTrue(calls.stream().noneMatch(c -> c.method().equals("DELETE")), "nothing removed on Cancel");
        tablet.locator("li[data-device='watch-a1b2c3'] .d-revoke").click();
        tablet.locator("#ask-ok").click();
        tablet.waitForCondition(() -> calls.stream()
                .anyMatch(c -> c.method().equals("DELETE") && c.path().equals("/api/devices/watch-a1b2c3")));

        // move: pick another zone in the row
        String other = (String) tablet.evaluate("() => [...document.querySelectorAll("
                + "\"li[data-device='display-7f3k9q'] .d-move option\")].map((o) => o.value).find((z) => z !== 'main-floor')");
        tablet.locator("li[data-device='display-7f3k9q'] .d-move").selectOption(other);
        tablet.waitForCondition(() -> calls.stream().anyMatch(c -> c.method().equals("PATCH") && c.body().contains(other)));

        // a new trainer: the generated password is shown once
        tablet.locator("#trainer-name").fill("sam");
        tablet.locator("#trainer-form button[type='submit']").click();
        assertThat(tablet.locator("#secret-value")).hasText("pw-shown-once-123");
        assertEquals("{\"name\":\"sam\",\"admin\":false}", find(tablet, calls, "POST", "/api/trainers").body());
        tablet.locator("#secret-done").click();
        assertThat(tablet.locator("#secret")).isHidden();
        assertThat(tablet.locator("li[data-trainer='jo'] .t-toggle")).hasText("Enable");

        tablet.locator("#admin-close").click();
        assertThat(tablet.locator("#start")).isVisible();
        int closedAt = listReads.get();
        double later = ((Number) tablet.evaluate("() => performance.now() + 3000")).doubleValue();
        tablet.waitForFunction("(t) => performance.now() > t", later);
        assertTrue(listReads.get() <= closedAt + 1, "the list is not read once the view is closed");
        assertTrue(pages.pageErrors.isEmpty(), "page errors: " + pages.pageErrors);
    }

    private static String badge(Page page, String device) {
        return (String) page.evaluate("(id) => getComputedStyle(document.querySelector(`li[data-device='${id}'] .d-state`))"
                + ".backgroundColor", device);
    }

    private static Consumer<Route> json(List<Call> calls, String answer) {
        return route -> {
            if (!route.request().method().equals("GET")) {
                calls.add(new Call(route.request().method(), path(route), route.request().postData()));
            }
            fulfil(route, answer);
        };
    }

    private static void fulfil(Route route, String body) {
        route.fulfill(new Route.FulfillOptions().setStatus(200).setContentType("application/json").setBody(body));
    }

    private static String path(Route route) {
        return URI.create(route.request().url()).getPath();
    }

    private static Call find(Page page, List<Call> calls, String method, String path) {
        page.waitForCondition(() -> calls.stream().anyMatch(c -> c.method().equals(method) && c.path().equals(path)));
        return calls.stream().filter(c -> c.method().equals(method) && c.path().equals(path)).findFirst().orElseThrow();
    }
}
