package dev.scalr.gateway.decision;

import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.config.PlatformConfig;
import dev.scalr.gateway.config.Urls;
import dev.scalr.gateway.decision.Decision.BadRequest;
import dev.scalr.gateway.decision.Decision.Forbidden;
import dev.scalr.gateway.decision.Decision.Page;
import dev.scalr.gateway.decision.Decision.Unauthorized;
import dev.scalr.gateway.page.PageView;
import dev.scalr.gateway.token.Identity;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * What a person sees for a decision that is not an allow nor a redirect: the page's words and the ways on (sign out,
 * Authentik's account page, sign in at the top level, start again). The same decision becomes JSON for programs in
 * {@link DecisionResponder}.
 */
@Singleton
public class DecisionPages {

    static final String TOO_MANY_FAILURES = "too_many_failures";

    private final String signOutPath;
    private final String accountUrl;

    @Inject
    public DecisionPages(GatewayConfig config, PlatformConfig platform) {
        this(config.signIn().pathPrefix(), Urls.withoutTrailingSlash(platform.host()));
    }

    DecisionPages(String prefix, String authentikHost) {
        this.signOutPath = prefix + "/sign_out";
        // Authentik's user interface: the signed-in user's settings, sessions and a way to switch account
        this.accountUrl = authentikHost + "/if/user/";
    }

    /** The page for a decision that has a body; null for allows and redirects. */
    PageView of(Decision decision) {
        String app = decision.app() == null ? null : decision.app().slug();
        if (decision instanceof Page page) {
            PageView view = PageView.of(page.status(), page.title(), page.message()).withApp(app).withHome("/");
            return page.confirmAction() == null ? view : view.confirming(page.confirmAction());
        }
        if (decision instanceof Forbidden forbidden) {
            return forbidden(forbidden, app);
        }
        if (decision instanceof Unauthorized denied) {
            return unauthorized(denied, app);
        }
        if (decision instanceof BadRequest bad) {
            return PageView.of(400, "Bad request", bad.description()).withApp(app);
        }
        return null;
    }

    private PageView forbidden(Forbidden forbidden, String app) {
        if (forbidden.identity() != null && app != null) {
            return PageView.of(403, "Not allowed", "Your account may not use " + app + ". Sign out to use another"
                    + " account, or ask an administrator for access.").withApp(app)
                    .withUser(who(forbidden.identity()), signOutPath, accountUrl);
        }
        if (app == null && "undeclared_app".equals(forbidden.reason())) {
            return PageView.of(403, "Unknown app", "Nothing is served here: " + forbidden.description()
                    + ". Check the address, or ask an administrator to declare the app.");
        }
        return PageView.of(403, "Forbidden", forbidden.description()).withApp(app);
    }

    private static PageView unauthorized(Unauthorized denied, String app) {
        if (TOO_MANY_FAILURES.equals(denied.reason())) {
            return PageView.of(401, "Too many failed sign-ins", "Too many wrong passwords came from your address."
                    + " Wait a minute, then try again.").withApp(app);
        }
        if (denied.signInUrl() != null) {
            return PageView.of(401, "Sign in to continue", "This part of the page belongs to " + app
                    + ", which needs you to sign in. Sign-in opens in the whole window and brings you back here.")
                    .withApp(app).withSignIn(denied.signInUrl());
        }
        return PageView.of(401, "Sign-in required", "This app needs a valid sign-in: " + denied.description() + ".")
                .withApp(app);
    }

    private static String who(Identity identity) {
        if (identity.username() != null && !identity.username().isEmpty()) {
            return identity.username();
        }
        return identity.email() != null && !identity.email().isEmpty() ? identity.email() : identity.subject();
    }
}
