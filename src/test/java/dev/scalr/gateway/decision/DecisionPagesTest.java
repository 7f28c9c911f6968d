package dev.scalr.gateway.decision;

import dev.scalr.gateway.support.TestApps;
import dev.scalr.gateway.app.App;
import dev.scalr.gateway.page.PageView;
import dev.scalr.gateway.token.Identity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which page a person gets for each decision that has a body. */
class DecisionPagesTest {

    private static final App WIKI = TestApps.apiApp("wiki");
    private static final DecisionPages PAGES = new DecisionPages("/.scalr-auth", "https://auth.example.test");
    private static final Identity MALLORY = new Identity("sub-1", "mallory", "m@example.test", "Mallory", List.of("staff"),
            Instant.now().plusSeconds(60));

    @Test
    void notAllowedNamesTheUserAndOffersSignOutAndAuthentiksAccountPage() {
        PageView view = PAGES.of(new Decision.Forbidden(WIKI, MALLORY, "group_not_allowed", "d", "l"));
        assertEquals(403, view.status());
        assertEquals("mallory", view.user());
        assertEquals("wiki", view.app());
        assertEquals("/.scalr-auth/sign_out", view.signOut());
        assertEquals("https://auth.example.test/if/user/", view.accountUrl());
    }

    @Test
    void tooManyFailuresTellsThePersonToWait() {
        PageView view = PAGES.of(new Decision.Unauthorized(WIKI, "too_many_failures", "d", true, "l"));
        assertEquals("Too many failed sign-ins", view.title());
        assertTrue(view.message().contains("Wait a minute"), view.message());
    }

    @Test
    void undeclaredHostNamesTheHost() {
        PageView view = PAGES.of(new Decision.Forbidden(null, null, "undeclared_app", "no app is declared for host 'x.example'", "l"));
        assertEquals("Unknown app", view.title());
        assertTrue(view.message().contains("host 'x.example'"), view.message());
    }

    @Test
    void aConfirmationPageMayNotBeFramed() {
        PageView view = PAGES.of(new Decision.Page(WIKI, 403, "Sign out", "m", List.of(), "sign_out_unconfirmed", "", "/.scalr-auth/sign_out"));
        assertEquals("/.scalr-auth/sign_out", view.signOut());
        assertTrue(!view.framable());
    }

    @Test
    void allowsAndRedirectsHaveNoPage() {
        assertNull(PAGES.of(new Decision.Allow(WIKI, MALLORY, null, "valid_session")));
        assertNull(PAGES.of(new Decision.Redirect(WIKI, 302, "https://x/", List.of(), "sign-in", null)));
    }
}
