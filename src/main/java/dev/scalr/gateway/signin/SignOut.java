package dev.scalr.gateway.signin;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.decision.Decision;
import dev.scalr.gateway.decision.Decision.Page;
import dev.scalr.gateway.decision.Decision.Redirect;
import dev.scalr.gateway.forward.ForwardedRequest;

import java.util.List;

/**
 * {@code <prefix>/sign_out}: only a same-origin request signs out, so a link or an image on another site
 * cannot. Anything else gets a page with a button that posts the same request from the app's own origin.
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

    Decision answer(App app, ForwardedRequest request) {
        if (!sameOrigin(request)) {
            String why = request.fetchSite() != null ? "Sec-Fetch-Site " + Html.printable(request.fetchSite())
                    : request.originHeader() != null ? "Origin is not the app's" : "no Sec-Fetch-Site nor Origin";
            return new Page(app, 403, "Sign out", "Do you want to sign out of this app? The request did not come from "
                    + "the app itself, so it needs your confirmation.", List.of(), "sign_out_unconfirmed", why, action);
        }
        String endSession = authentikHost + "/application/o/" + app.slug() + "/end-session/";
        boolean navigation = "GET".equals(request.method()) || "HEAD".equals(request.method());
        return new Redirect(app, navigation ? 302 : 303, endSession, List.of(cookies.clearSession(app, request.https())),
                "sign_out", null);
    }

    /**
     * Fetch metadata decides when the browser sends it: same-origin, or none (typed URL, bookmark). Without it
     * (older browsers, scripts), an Origin equal to the app's own; a GET navigation carries none, so it is
     * confirmed by the form, whose POST does carry it. same-site is refused: sibling subdomains are the threat.
     */
    static boolean sameOrigin(ForwardedRequest request) {
        if (request.fetchSite() != null) {
            String site = request.fetchSite().trim();
            return site.equals("same-origin") || site.equals("none");
        }
        return request.originHeader() != null && request.originHeader().trim().equals(request.origin());
    }
}
