package limber.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import limber.testing.EngineFixture;

/** The tablet asks for a trainer login, refuses a wrong one, and works once logged in. */
@Timeout(120)
@ExtendWith(PagesExtension.class)
class TrainerLoginIT {
    @Test
    void tabletLogsIn(Pages pages) {
        Page tablet = pages.openAnonymous(1024, 768);
        tablet.navigate(pages.url("/trainer/?zone=main-floor"));
        assertThat(tablet.locator("dialog#login")).isVisible();
        tablet.fill("dialog#login input[name=user]", "admin");
        tablet.fill("dialog#login input[name=password]", "not-it");
        tablet.click("dialog#login button[type=submit]");
        assertThat(tablet.locator("dialog#login .login-msg")).containsText("did not match");
        tablet.fill("dialog#login input[name=user]", "admin");
        tablet.fill("dialog#login input[name=password]", EngineFixture.TRAINER_PASSWORD);
        tablet.click("dialog#login button[type=submit]");
        assertThat(tablet.locator("dialog#login")).isHidden();
        assertThat(tablet.locator("#routines button").first()).isVisible();
    }
}
