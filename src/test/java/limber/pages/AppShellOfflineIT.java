package limber.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The installable pages (watch, trainer tablet) open with the network cut: the first visit, online, installs
 * the page's service worker and its app-shell cache (every file of the shell, nothing under /api/); with the
 * browser offline a reload still gets the whole shell from the worker (HTML, modules, styles, MQTT.js,
 * icons), and boot's banner says the engine is out of reach instead of the browser's error page.
 */
@Timeout(90)
@ExtendWith(PagesExtension.class)
class AppShellOfflineIT {
    @ParameterizedTest
    @CsvSource({"watch, 200, 200, /watch/?zone=main-floor&device=watch-shell, #face",
        "trainer, 1024, 768, /trainer/?zone=main-floor, .grid"})
    void theShellLoadsWithTheNetworkCut(String kind, int width, int height, String path, String landmark, Pages pages) {
        Page page = pages.open(width, height, 0, path);
        pages.awaitReady(page);
        page.waitForFunction("() => navigator.serviceWorker.controller !== null");
        JsonNode cache = Pages.parse((String) page.evaluate("""
                async () => {
                  const names = (await caches.keys()).filter((k) => k.startsWith('limber-shell:'));
                  const urls = [];
                  for (const n of names) {
                    for (const r of await (await caches.open(n)).keys()) urls.push(new URL(r.url).pathname);
                  }
                  return JSON.stringify({ names, urls });
                }
                """));
        assertEquals(1, cache.get("names").size(), "one shell cache for the page's version: " + cache);
        String urls = cache.get("urls").toString();
        for (String file : new String[] {"/" + kind + "/", "/" + kind + "/" + kind + ".js", "/" + kind + "/" + kind + ".css",
            "/shared/boot.js", "/shared/base.css", "/vendor/mqtt.min.js", "/" + kind + "/icon-192.png",
            "/" + kind + "/manifest.webmanifest"}) {
            assertTrue(urls.contains("\"" + file + "\""), file + " in the shell cache: " + urls);
        }
        assertFalse(urls.contains("/api/"), "nothing under /api/ is cached: " + urls);

        page.context().setOffline(true);
        try {
            Response reload = page.reload();
            assertTrue(reload != null && reload.ok() && reload.fromServiceWorker(), "the page came from its service worker");
            assertThat(page.locator(landmark)).isAttached();
            page.waitForFunction("() => window.limberPage && window.mqtt"
                    + " && getComputedStyle(document.body).backgroundColor === 'rgb(7, 9, 12)'");
            // the engine is out of reach: the start-up banner says so, and the API is not served from any cache
            assertThat(page.locator("#boot-status")).isVisible();
            assertThat(page.locator("#boot-status")).containsText(Pattern.compile("Not connected to the Limber engine"));
            Object api = page.evaluate("() => fetch('/api/client-config').then(() => 'answered', () => 'failed')");
            assertEquals("failed", api, "/api/ is never answered from the cache");
        } finally {
            page.context().setOffline(false);
        }
        // back online: the page starts by itself
        pages.awaitReady(page);
    }
}
