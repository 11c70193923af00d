package limber.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import com.microsoft.playwright.assertions.LocatorAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every page starts through shared/boot.js and recovers from a failed start the same way: one banner
 * says what is wrong and when the next try comes, the start is tried again after a growing wait, and
 * the page never reloads itself. The engine is real; the failures are played in the browser: the
 * client config answers 503 twice, or the page's WebSockets are refused until the network is back.
 */
@Timeout(120)
@ExtendWith(PagesExtension.class)
class BootRecoveryIT {
    /** Counts document loads in this tab (sessionStorage outlives a reload). */
    private static final String LOAD_COUNTER = """
            sessionStorage.setItem('loads', String(Number(sessionStorage.getItem('loads') || 0) + 1));
            """;

    @ParameterizedTest
    @CsvSource({"display, 1920, 1080, /display/?zone=main-floor&device=wall-boot",
            "watch, 200, 200, /watch/?zone=main-floor&device=watch-boot",
            "trainer, 1024, 768, /trainer/?zone=main-floor"})
    void aFailedStartIsRetriedAfterAGrowingWaitWithoutReloading(String kind, int width, int height, String path,
            Pages pages) {
        Page page = pages.open(width, height, 0);
        page.addInitScript(LOAD_COUNTER);
        List<Long> asked = new CopyOnWriteArrayList<>();
        page.route("**/api/client-config", route -> {
            asked.add(System.nanoTime());
            if (asked.size() <= 2) {
                route.fulfill(new Route.FulfillOptions().setStatus(503).setContentType("application/json")
                        .setBody("{\"message\":\"starting\"}"));
            } else {
                route.resume();
            }
        });
        page.navigate(pages.url(path));

        Locator banner = page.locator("#boot-status");
        assertThat(banner).containsText("Not connected to the Limber engine");
        assertThat(banner).containsText("HTTP 503");
        assertThat(banner).containsText(Pattern.compile("trying again in \\d+ s"));
        Pages.assertInside(page, "#boot-status");
        Pages.screenshot(page, "boot-retry-" + kind + "-" + width + "x" + height);
        pages.awaitReady(page);
        assertThat(banner).isHidden();
        assertEquals("up", page.evaluate("() => document.body.dataset.boot"));
        assertEquals(3, asked.size(), "client config asked for by each attempt");
        double first = (asked.get(1) - asked.get(0)) / 1e6;
        double second = (asked.get(2) - asked.get(1)) / 1e6;
        System.out.printf("[boot %s] retried after %.0f ms, then after %.0f ms%n", kind, first, second);
        assertTrue(first >= 750, "first retry after " + first + " ms");
        assertTrue(second >= 1_500 && second > first, "the wait grows: " + first + " ms, then " + second + " ms");
        assertEquals("1", page.evaluate("() => sessionStorage.getItem('loads')"), "the page never reloaded itself");
        assertEquals(List.of(), scriptErrors(pages));
    }

    @Test
    void aBrokerThatDoesNotAnswerIsRetriedOnAFreshConnection(Pages pages) {
        Page display = pages.openWith(Pages.NETWORK_SWITCH + LOAD_COUNTER + "window.__net.cut();", 960, 540, 1_000,
                "/display/?zone=main-floor&device=wall-no-broker");
        Locator banner = display.locator("#boot-status");
        // HTTP works, the broker's WebSocket is refused: the attempt gives up after its connect timeout
        assertThat(banner).containsText("the message broker did not answer",
                new LocatorAssertions.ContainsTextOptions().setTimeout(20_000));
        // the network comes back while the page waits to retry, not as an attempt starts: an attempt that
        // began on the cut network keeps knocking on the dead address, and Chromium spaces out repeated
        // failed WebSocket connections (seconds apart), so such an attempt may time out, and the page
        // then succeeds one wait later, after this test's deadline
        display.waitForFunction("() => { const b = window.limberPage && window.limberPage.boot;"
                + " return b && b.retryAt !== null && b.retryAt - performance.now() > 300; }", null,
                new Page.WaitForFunctionOptions().setTimeout(30_000).setPollingInterval(20));
        int madeBefore = ((Number) display.evaluate("() => { window.__net.restore(); return window.__net.made; }"))
                .intValue();
        long restoredAt = System.nanoTime();
        pages.awaitReady(display);
        System.out.printf("[boot no broker] ready %.0f ms after the network came back%n", (System.nanoTime() - restoredAt) / 1e6);
        assertThat(banner).isHidden();
        // one socket got through: after the cut's failed tries Chromium holds each new WebSocket back by up
        // to 5 s, and a link that gave up on it sooner would have knocked again (or missed the attempt)
        assertEquals(1, ((Number) display.evaluate("() => window.__net.made")).intValue() - madeBefore,
                "WebSockets opened after the network came back");
        // the failed attempt's connection is gone, not reconnecting beside the new one
        display.waitForFunction("() => window.__net.open.size === 1", null,
                new Page.WaitForFunctionOptions().setTimeout(5_000));
        double later = ((Number) display.evaluate("() => performance.now() + 2500")).doubleValue();
        display.waitForFunction("(t) => performance.now() > t", later);
        assertEquals(1, ((Number) display.evaluate("() => window.__net.open.size")).intValue(), "open sockets");
        assertEquals(Boolean.TRUE, display.evaluate("() => window.limberPage.link.connected"));
        assertEquals("1", display.evaluate("() => sessionStorage.getItem('loads')"), "the page never reloaded itself");
        assertEquals(List.of(), scriptErrors(pages));
    }

    @Test
    void theWaitDoublesFromOneSecondUpToFifteen(Pages pages) {
        Page page = pages.open(800, 600, 0, "/display/?zone=main-floor&device=wall-backoff");
        Object waits = page.evaluate("""
                async () => {
                  const { retryDelayMs } = await import('/shared/boot.js');
                  return [0, 1, 2, 3, 4, 5, 30].map((a) => [retryDelayMs(a, () => 0), retryDelayMs(a, () => 1)]);
                }
                """);
        assertEquals(List.of(List.of(1000, 750), List.of(2000, 1500), List.of(4000, 3000), List.of(8000, 6000),
                List.of(15000, 11250), List.of(15000, 11250), List.of(15000, 11250)), waits,
                "[longest, shortest] wait before each retry");
    }

    /** Page errors other than the refused requests and sockets the test itself caused. */
    private static List<String> scriptErrors(Pages pages) {
        return pages.pageErrors.stream()
                .filter(e -> !e.contains(": HTTP 503 GET ") && !e.contains("Failed to load resource")
                        && !e.contains("WebSocket connection to 'ws://127.0.0.1:9/"))
                .toList();
    }
}
