package limber.pages;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.PlaywrightException;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.Route;

import limber.testing.DeviceLogin;
import limber.testing.DeviceLogins;
import limber.testing.EngineFixture;
import limber.testing.JitterRelay;

/**
 * Playwright driving Debian's Chromium against a real engine. Made and closed by {@link PagesExtension}
 * (one browser per test class); tests get it as a parameter. Each page gets its own context (own
 * storage, own window, so no background-tab throttling) and, if asked, a page clock shifted by a fixed
 * offset: Date.now and performance.now both lie by that much, as a badly set device clock would.
 * {@code __trueNow()} keeps the real wall clock for measurements. Pages opened during a test are closed
 * after it; pages opened in {@code @BeforeAll} live until the class is done.
 */
final class Pages implements AutoCloseable {
    static final Path CHROMIUM = Paths.get("/usr/bin/chromium");
    static final Path SCREENSHOTS = Paths.get("target", "screenshots");
    static final ObjectMapper JSON = new ObjectMapper();

    private static final String CLOCK_SHIFT = """
            (() => {
              const off = %s;
              const realDateNow = Date.now.bind(Date);
              const realPerfNow = performance.now.bind(performance);
              Object.defineProperty(window, '__trueNow', { value: () => realDateNow() });
              Object.defineProperty(window, '__clockShift', { value: off });
              if (off !== 0) {
                Date.now = () => realDateNow() + off;
                performance.now = () => realPerfNow() + off;
                // the audio output's timestamps are in performance.now() time: on a real device they
                // share its time base, so they lie by the same amount here
                const realStamp = AudioContext.prototype.getOutputTimestamp;
                AudioContext.prototype.getOutputTimestamp = function () {
                  const s = realStamp.call(this);
                  return { contextTime: s.contextTime, performanceTime: s.performanceTime ? s.performanceTime + off : 0 };
                };
              }
            })();
            """;

    /**
     * Test-only network switch, as an init script: {@code __net.cut()} closes the page's WebSockets and
     * refuses new ones until {@code __net.restore()}; {@code __net.open} holds the sockets not yet closed.
     */
    static final String NETWORK_SWITCH = """
            (() => {
              const Real = window.WebSocket;
              const open = new Set();
              const net = window.__net = { down: false, open, made: 0,
                cut() { net.down = true; for (const s of open) s.close(4001, 'network down'); },
                restore() { net.down = false; } };
              class SwitchedSocket extends Real {
                constructor(url, protocols) {
                  super(net.down ? 'ws://127.0.0.1:9/' : url, protocols);
                  net.made++;
                  open.add(this);
                  this.addEventListener('close', () => open.delete(this));
                }
              }
              window.WebSocket = SwitchedSocket;
            })();
            """;

    private EngineFixture engine;
    private final Playwright playwright;
    private final Browser browser;
    private final List<BrowserContext> classContexts = new ArrayList<>();
    private final List<BrowserContext> testContexts = new ArrayList<>();
    private boolean inTest;
    final List<String> pageErrors = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * Launches Chromium; {@link PagesExtension} does this once per test class. Started as displays/README.md
     * tells kiosks to be ({@code --autoplay-policy=no-user-gesture-required}): pages may sound without a tap.
     */
    Pages() {
        this.playwright = Playwright.create(new Playwright.CreateOptions()
                .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        try {
            this.browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                    .setExecutablePath(CHROMIUM)
                    .setHeadless(true)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                            "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
                            "--disable-backgrounding-occluded-windows", "--autoplay-policy=no-user-gesture-required")));
        } catch (RuntimeException e) {
            playwright.close();
            throw e;
        }
    }

    /** The engine the pages and API calls go to. */
    EngineFixture engine() {
        if (engine == null) {
            throw new IllegalStateException("no engine: PagesExtension starts one before the class or before each test");
        }
        return engine;
    }

    EngineFixture engineOrNull() {
        return engine;
    }

    /** Points later pages and API calls at an engine (PagesExtension's business). */
    void use(EngineFixture next) {
        this.engine = next;
    }

    /** A test starts: pages opened from now on are closed when it ends. */
    void testStarted() {
        inTest = true;
    }

    /** A test ended: closes the pages it opened and forgets their errors (before their engine stops). */
    void testEnded() {
        inTest = false;
        closeAll(testContexts);
        pageErrors.clear();
    }

    private static void closeAll(List<BrowserContext> contexts) {
        for (BrowserContext c : contexts) {
            try {
                c.close();
            } catch (RuntimeException e) {
                // already gone with the browser
            }
        }
        contexts.clear();
    }

    private BrowserContext newContext(Browser.NewContextOptions options) {
        BrowserContext ctx = browser.newContext(options);
        ctx.setDefaultTimeout(10_000);
        (inTest ? testContexts : classContexts).add(ctx);
        return ctx;
    }

    /** Every page is logged in as the test engine's trainer; TrainerLoginIT covers the login dialog. */
    static final String TRAINER_AUTH = DeviceLogins.TRAINER_AUTHORIZATION;

    /** A page without the trainer's login and with the real clock. Not yet navigated. */
    Page openAnonymous(int width, int height) {
        return newContext(new Browser.NewContextOptions().setViewportSize(width, height)).newPage();
    }

    /** A page in its own context, its clocks shifted by {@code clockShiftMs}. Not yet navigated. */
    Page open(int width, int height, long clockShiftMs) {
        BrowserContext ctx = newContext(new Browser.NewContextOptions().setViewportSize(width, height)
                .setExtraHTTPHeaders(Map.of("authorization", TRAINER_AUTH)));
        ctx.addInitScript(CLOCK_SHIFT.formatted(Long.toString(clockShiftMs)));
        Page page = ctx.newPage();
        page.onPageError(e -> pageErrors.add(page.url() + ": " + e));
        page.onResponse(r -> {
            if (r.status() >= 400 && !engineWithoutPairing(r)) {
                pageErrors.add(page.url() + ": HTTP " + r.status() + " " + r.request().method() + " " + r.url()
                        + " " + r.text());
            }
        });
        page.onConsoleMessage(m -> {
            // Chromium's own line when a page writes to a socket the server has just closed: the engine
            // closes a removed or moved device's connection on purpose, and no page can see that coming
            if ("error".equals(m.type()) && m.text().startsWith("WebSocket is already in CLOSING or CLOSED state")) {
                return;
            }
            if ("error".equals(m.type()) && !(m.text().contains("status of 404")
                    && PAIRING_APIS.contains(URI.create(m.location().replaceAll("(:\\d+)*$", "")).getPath()))) {
                pageErrors.add(page.url() + ": console: " + m.text());
            }
        });
        return page;
    }

    /**
     * APIs of the pairing contract (issue 13) that the pages probe and do without on an engine that does
     * not serve them yet (404): the device pages then log in from their URL as before, the tablet uses
     * its URL's key and shows no admin view. Not an error of the page.
     */
    private static final List<String> PAIRING_APIS = List.of("/api/pairing", "/api/me", "/api/mqtt-login");

    private static boolean engineWithoutPairing(Response r) {
        String path = URI.create(r.url()).getPath();
        return r.status() == 404 && PAIRING_APIS.contains(path);
    }

    Page open(int width, int height, long clockShiftMs, String path) {
        Page page = open(width, height, clockShiftMs);
        page.navigate(url(path));
        return page;
    }

    /** Like {@link #open(int, int, long, String)}, and waits until the page is ready ({@link #awaitReady}). */
    Page openReady(int width, int height, long clockShiftMs, String path) {
        Page page = open(width, height, clockShiftMs, path);
        awaitReady(page);
        return page;
    }

    /** Like {@link #open(int, int, long, String)}, with a test init script that runs before the page's own. */
    Page openWith(String initScript, int width, int height, long clockShiftMs, String path) {
        Page page = open(width, height, clockShiftMs);
        page.addInitScript(initScript);
        page.navigate(url(path));
        return page;
    }

    /** A 200x200 watch page on zone with this device id, ready and joined (the Join tap done). */
    Page joinedWatch(String initScript, long clockShiftMs, String zone, String device) {
        Page watch = openWith(initScript, 200, 200, clockShiftMs, "/watch/?zone=" + zone + "&device=" + device);
        awaitReady(watch);
        watch.locator("#join").click();
        return watch;
    }

    /**
     * The engine's address of {@code path}. A display or watch page that names its device ({@code ?device=})
     * and brings no key gets that device's own login as {@code &key=}, made through the admin API on first
     * use (and the same one again for a reload): with logins on, as shipped, a page whose made-up id the
     * broker refuses would go to the pairing screen instead. A path without {@code device=} pairs, as a
     * new screen does.
     */
    String url(String path) {
        return engine().api() + withDeviceKey(path);
    }

    private String withDeviceKey(String path) {
        String kind = path.startsWith("/display/") ? "display" : path.startsWith("/watch/") ? "watch" : null;
        String query = URI.create(path).getQuery();
        if (kind == null || query == null) {
            return path;
        }
        Map<String, String> q = new HashMap<>();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            q.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
        }
        if (!q.containsKey("device") || q.containsKey("key")) {
            return path;
        }
        DeviceLogin login = engine().device(q.get("device"), kind, q.getOrDefault("zone", "main-floor"));
        return path + "&key=" + URLEncoder.encode(login.secret(), StandardCharsets.UTF_8);
    }

    /** The page's broker connection goes through the relay: its client config names the relay's port. */
    /**
     * One display page per clock shift, each reaching the broker through {@code relay}, on zone main-floor
     * as device {@code devicePrefix + i}; opened, not yet awaited ready.
     */
    List<Page> displaysViaRelay(JitterRelay relay, int width, int height, long[] shifts, String devicePrefix) {
        List<Page> displays = new ArrayList<>();
        for (int i = 0; i < shifts.length; i++) {
            Page p = open(width, height, shifts[i]);
            viaRelay(p, relay);
            p.navigate(url("/display/?zone=main-floor&device=" + devicePrefix + i));
            displays.add(p);
        }
        return displays;
    }

    static void viaRelay(Page page, JitterRelay relay) {
        page.route("**/api/client-config", route -> {
            APIResponse real = route.fetch();
            ObjectNode config = (ObjectNode) Pages.parse(real.text());
            ((ObjectNode) config.get("mqtt")).put("websocketPort", relay.port());
            route.fulfill(new Route.FulfillOptions().setStatus(real.status()).setContentType("application/json")
                    .setBody(config.toString()));
        });
    }

    /** Waits (bounded) until the page has a synced clock and the zone's retained session message. */
    void awaitReady(Page page) {
        try {
            page.waitForFunction("() => window.limberPage && window.limberPage.clock && window.limberPage.clock.synced"
                    + " && window.limberPage.watcher && window.limberPage.watcher.session", null,
                    new Page.WaitForFunctionOptions().setTimeout(10_000).setPollingInterval(20));
        } catch (PlaywrightException e) {
            throw new AssertionError("page not ready: " + diagnose(page) + "; errors: " + pageErrors, e);
        }
    }

    /** What a Limber page knows about itself, for failure messages. */
    static String diagnose(Page page) {
        try {
            return String.valueOf(page.evaluate("() => { const p = window.limberPage; if (!p) return 'no limberPage';"
                    + " return JSON.stringify({ boot: p.boot, link: p.link && p.link.state, url: p.link && p.link.url,"
                    + " synced: p.clock && p.clock.synced, samples: p.clock && p.clock.samples.length,"
                    + " session: p.watcher && p.watcher.session && p.watcher.session.status }); }"));
        } catch (RuntimeException e) {
            return "cannot evaluate: " + e.getMessage();
        }
    }

    // ---- engine HTTP API -----------------------------------------------------------------

    JsonNode post(String path, String body) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(engine().api() + path))
                .header("content-type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)));
        if (r.statusCode() >= 300) {
            throw new AssertionError("POST " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return parse(r.body());
    }

    /** POST without judging the answer; returns the HTTP status (e.g. 409 when already stopped). */
    int postStatus(String path) {
        return send(HttpRequest.newBuilder(URI.create(engine().api() + path))
                .POST(HttpRequest.BodyPublishers.noBody())).statusCode();
    }

    /** GET without judging the answer; returns the HTTP status. */
    int getStatus(String path) {
        return send(HttpRequest.newBuilder(URI.create(engine().api() + path)).GET()).statusCode();
    }

    JsonNode get(String path) {
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(engine().api() + path)).GET());
        if (r.statusCode() >= 300) {
            throw new AssertionError("GET " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return parse(r.body());
    }

    String metrics() {
        return send(HttpRequest.newBuilder(URI.create(engine().api() + "/metrics")).GET()).body();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) {
        try {
            return http.send(b.header("authorization", TRAINER_AUTH).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode parse(String s) {
        try {
            return JSON.readTree(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonNode toJson(Object evaluated) {
        return JSON.valueToTree(evaluated);
    }

    /** The element is laid out and fully on screen. */
    static void assertInside(Page p, String selector) {
        Object inside = p.evaluate("(sel) => { const r = document.querySelector(sel).getBoundingClientRect();"
                + " return r.width > 0 && r.left >= -0.5 && r.top >= -0.5 && r.right <= innerWidth + 0.5"
                + " && r.bottom <= innerHeight + 0.5; }", selector);
        if (!Boolean.TRUE.equals(inside)) {
            throw new AssertionError(selector + " is not fully on screen at " + p.viewportSize().width + "x"
                    + p.viewportSize().height + ": " + p.evaluate("(sel) => JSON.stringify("
                    + "document.querySelector(sel).getBoundingClientRect())", selector));
        }
    }

    static Path screenshot(Page page, String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path p = SCREENSHOTS.resolve(name + ".png");
        page.screenshot(new Page.ScreenshotOptions().setPath(p));
        return p;
    }

    /** Closes every page, the browser and Playwright (not the engine: PagesExtension owns it). */
    @Override
    public void close() {
        closeAll(testContexts);
        closeAll(classContexts);
        try {
            browser.close();
        } finally {
            playwright.close();
        }
    }
}
