package dev.scalr.gateway.signin;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.decision.Decision.Page;
import dev.scalr.gateway.decision.Decision.Redirect;
import dev.scalr.gateway.decision.Decision;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.page.Html;
import dev.scalr.gateway.session.SessionCookies;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * {@code <prefix>/sign_out}: only a same-origin request signs out, so a link or an image on another site
 * cannot. Anything else gets a page with a button that posts the same request from the app's own origin.
 * Signing out sends id_token_hint to Authentik's end-session, so Authentik ends its own session too (without
 * it Authentik only shows its page, and the next visit signs the user straight back in).
 */
final class SignOut {

    private final SessionCookies cookies;
    private final String authentikHost;
    private final String action;

    SignOut(SessionCookies cookies, String authentikHost, String prefix) {
        this.cookies = cookies;
        this.authentikHost = authentikHost;
        this.action = prefix + "/sign_out";
    }

    /** The confirmation page for a sign-out that did not come from the app's own origin. */
    Decision confirm(App app, ForwardedRequest request) {
        String why = request.browser().fetchSite() != null ? "Sec-Fetch-Site " + Html.printable(request.browser().fetchSite())
                : request.browser().originHeader() != null ? "Origin is not the app's" : "no Sec-Fetch-Site nor Origin";
        return new Page(app, 403, "Sign out", "Do you want to sign out of this app? The request did not come from "
                + "the app itself, so it needs your confirmation.", List.of(), "sign_out_unconfirmed", why, action);
    }

    /**
     * @param idToken               the session's ID token for id_token_hint, or null when none is known
     * @param postLogoutRedirectUri where Authentik sends the browser afterwards (registered in the provider), or null
     */
    Decision signedOut(App app, ForwardedRequest request, String idToken, String postLogoutRedirectUri) {
        StringBuilder endSession = new StringBuilder(authentikHost).append("/application/o/").append(app.slug())
                .append("/end-session/");
        char separator = '?';
        if (idToken != null) {
            endSession.append(separator).append("id_token_hint=").append(enc(idToken));
            separator = '&';
        }
        if (postLogoutRedirectUri != null) {
            endSession.append(separator).append("post_logout_redirect_uri=").append(enc(postLogoutRedirectUri));
            app.clientId().ifPresent(id -> endSession.append("&client_id=").append(enc(id)));
        }
        boolean navigation = "GET".equals(request.method()) || "HEAD".equals(request.method());
        return new Redirect(app, navigation ? 302 : 303, endSession.toString(),
                List.of(cookies.clearSession(app, request.https())), "sign_out", null);
    }

    /**
     * Fetch metadata decides when the browser sends it: same-origin, or none (typed URL, bookmark). Without it
     * (older browsers, scripts), an Origin equal to the app's own; a GET navigation carries none, so it is
     * confirmed by the form, whose POST does carry it. same-site is refused: sibling subdomains are the threat.
     */
    static boolean sameOrigin(ForwardedRequest request) {
        if (request.browser().fetchSite() != null) {
            String site = request.browser().fetchSite().trim();
            return site.equals("same-origin") || site.equals("none");
        }
        return request.browser().originHeader() != null && request.browser().originHeader().trim().equals(request.origin());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
