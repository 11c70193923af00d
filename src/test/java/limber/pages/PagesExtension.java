package limber.pages;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import limber.testing.EngineFixture;

/**
 * The page tests' one set-up: Chromium through Playwright, launched once per test class, and a real
 * engine (embedded broker with logins on, free ports) for the pages to talk to; {@link Pages#url} gives
 * each display or watch page its device's own login. Test methods, {@code @BeforeAll},
 * {@code @BeforeEach} and {@code @AfterEach} methods get the class's {@link Pages} as a parameter.
 * Pages a test opened are closed after its {@code @AfterEach} methods, and its page errors forgotten;
 * pages opened in {@code @BeforeAll} live for the class. After the class: pages, browser, engine.
 *
 * <pre>
 * &#64;ExtendWith(PagesExtension.class)                                   // one engine for the class
 * &#64;RegisterExtension static final PagesExtension pages = PagesExtension.enginePerTest(); // a fresh one per test
 * &#64;RegisterExtension static final PagesExtension pages = PagesExtension.enginePerTest("--http.openReads=true");
 * &#64;RegisterExtension static final PagesExtension pages = PagesExtension.enginePerClass("--config-dir=" + dir);
 * </pre>
 */
final class PagesExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback,
        ParameterResolver {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(PagesExtension.class);

    private final boolean enginePerTest;
    private final String[] engineArgs;

    /** One engine for the whole class (what {@code @ExtendWith} gets). */
    PagesExtension() {
        this(false);
    }

    /** One engine for the whole class, started with extra {@code --section.field=value} arguments. */
    static PagesExtension enginePerClass(String... engineArgs) {
        return new PagesExtension(false, engineArgs);
    }

    private PagesExtension(boolean enginePerTest, String... engineArgs) {
        this.enginePerTest = enginePerTest;
        this.engineArgs = engineArgs;
    }

    /** A fresh engine for each test, stopped after the test's pages are closed. */
    static PagesExtension enginePerTest() {
        return new PagesExtension(true);
    }

    /** A fresh engine for each test, started with extra {@code --section.field=value} arguments. */
    static PagesExtension enginePerTest(String... engineArgs) {
        return new PagesExtension(true, engineArgs);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Pages pages = new Pages();
        context.getStore(NAMESPACE).put(Pages.class, pages);
        if (!enginePerTest) {
            pages.use(EngineFixture.embedded(engineArgs));
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Pages pages = pages(context);
        pages.testStarted();
        if (enginePerTest) {
            pages.use(EngineFixture.embedded(engineArgs));
        }
    }

    @Override
    public void afterEach(ExtensionContext context) throws Exception {
        Pages pages = pages(context);
        pages.testEnded();
        if (enginePerTest) {
            stopEngine(pages);
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Pages pages = context.getStore(NAMESPACE).remove(Pages.class, Pages.class);
        if (pages == null) {
            return; // the browser never started
        }
        try {
            pages.close();
        } finally {
            stopEngine(pages);
        }
    }

    private static void stopEngine(Pages pages) throws Exception {
        EngineFixture engine = pages.engineOrNull();
        pages.use(null);
        if (engine != null) {
            engine.close();
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Pages.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return pages(context);
    }

    private static Pages pages(ExtensionContext context) {
        Pages pages = context.getStore(NAMESPACE).get(Pages.class, Pages.class);
        if (pages == null) {
            throw new ExtensionConfigurationException("PagesExtension must be registered on the class"
                    + " (@ExtendWith, or a static @RegisterExtension field)");
        }
        return pages;
    }
}
