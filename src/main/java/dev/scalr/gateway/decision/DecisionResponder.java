package dev.scalr.gateway.decision;

import dev.scalr.gateway.decision.Decision.Allow;
import dev.scalr.gateway.decision.Decision.BadRequest;
import dev.scalr.gateway.decision.Decision.Forbidden;
import dev.scalr.gateway.decision.Decision.Page;
import dev.scalr.gateway.decision.Decision.Redirect;
import dev.scalr.gateway.decision.Decision.Unauthorized;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.identity.IdentityHeaders;
import dev.scalr.gateway.page.PageView;
import dev.scalr.gateway.page.Pages;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Map;

/**
 * The one place a {@link Decision} becomes HTTP. Bodies say what kind of failure it was, never token contents: an
 * HTML page when a person reads the answer ({@link dev.scalr.gateway.forward.BrowserHints#readsPages()}), a JSON
 * problem for programs; status and headers are the same either way.
 */
@Singleton
public class DecisionResponder {

    private static final CharSequence CACHE_CONTROL = HttpHeaders.createOptimized("Cache-Control");
    private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
    private static final Map<Integer, String> PROBLEM_TITLES = Map.of(400, "bad request", 401, "unauthorized",
            403, "forbidden", 404, "not found", 503, "unavailable");

    private final IdentityHeaders identityHeaders;
    private final DecisionPages pages;
    private final Pages renderer;

    @Inject
    public DecisionResponder(IdentityHeaders identityHeaders, DecisionPages pages, Pages renderer) {
        this.identityHeaders = identityHeaders;
        this.pages = pages;
        this.renderer = renderer;
    }

    /** @param request the forwarded request, for the choice of page or JSON (null: JSON) */
    public void respond(Decision decision, ForwardedRequest request, HttpServerResponse response) {
        boolean person = request != null && request.browser().readsPages();
        response.headers().add(CACHE_CONTROL, NO_STORE);
        if (decision instanceof Allow allow) {
            identityHeaders.write(allow.app(), allow.identity(), allow.bearer(), response.headers()::add);
            response.setStatusCode(200).end();
        } else if (decision instanceof Unauthorized denied) {
            String challenge = "Bearer realm=\"" + denied.app().slug() + "\"";
            if (denied.stepUp() != null) {
                // RFC 9470: the credential is fine, the sign-in behind it too weak or too old
                challenge += ", error=\"insufficient_user_authentication\", error_description=\"" + denied.description()
                        + "\"" + (denied.stepUp().maxAgeSeconds() > 0 ? ", max_age=\"" + denied.stepUp().maxAgeSeconds() + "\"" : "");
            } else if (denied.tokenPresented()) {
                challenge += ", error=\"invalid_token\", error_description=\"" + denied.description() + "\"";
            }
            if (denied.signInUrl() != null) {
                // also in the challenge: proxies such as nginx's auth_request keep this header but replace the body
                challenge += ", sign_in_url=\"" + denied.signInUrl() + "\"";
            }
            if (denied.app().outpost().basicAuth()) {
                // machine clients that send Basic; first, because nginx's auth_request passes only the first challenge
                response.headers().add("WWW-Authenticate", HeaderValues.checked("Basic realm=\"" + denied.app().slug() + "\", charset=\"UTF-8\""));
            }
            response.headers().add("WWW-Authenticate", HeaderValues.checked(challenge));
            body(response, 401, "unauthorized", decision, person);
        } else if (decision instanceof Forbidden forbidden) {
            if (forbidden.identity() != null) {
                response.putHeader("WWW-Authenticate", HeaderValues.checked("Bearer realm=\"" + forbidden.app().slug()
                        + "\", error=\"insufficient_scope\", error_description=\"" + forbidden.description() + "\""));
            }
            body(response, 403, "forbidden", decision, person);
        } else if (decision instanceof BadRequest) {
            body(response, 400, "bad request", decision, person);
        } else if (decision instanceof Redirect redirect) {
            redirect.setCookies().forEach(c -> response.headers().add("Set-Cookie", HeaderValues.checked(c)));
            response.putHeader("Location", HeaderValues.checked(redirect.location())).setStatusCode(redirect.status()).end();
        } else if (decision instanceof Page page) {
            page.setCookies().forEach(c -> response.headers().add("Set-Cookie", HeaderValues.checked(c)));
            body(response, page.status(), PROBLEM_TITLES.getOrDefault(page.status(), "error"), decision, person);
        }
    }

    private void body(HttpServerResponse response, int status, String title, Decision decision, boolean page) {
        PageView view = page ? pages.of(decision) : null;
        if (view == null) {
            problem(response, status, title, decision);
            return;
        }
        Pages.Rendered rendered = renderer.render(view);
        response.putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", HeaderValues.checked(rendered.contentSecurityPolicy()))
                .putHeader("X-Content-Type-Options", "nosniff")
                // not no-referrer: that makes the sign-out form's POST say Origin: null, which browsers without
                // fetch metadata need to be the app's own origin (SignOut.sameOrigin)
                .putHeader("Referrer-Policy", "same-origin")
                .setStatusCode(status).end(rendered.html());
    }

    private static void problem(HttpServerResponse response, int status, String title, Decision decision) {
        String description = decision instanceof Unauthorized u ? u.description()
                : decision instanceof BadRequest b ? b.description()
                : decision instanceof Page p ? p.message() : ((Forbidden) decision).description();
        String app = decision.app() == null ? "" : ",\"app\":\"" + decision.app().slug() + "\"";
        // where a single-page app sends the user to sign in (navigating there returns to rd afterwards)
        String signIn = decision instanceof Unauthorized u && u.signInUrl() != null
                ? ",\"sign_in_url\":\"" + json(u.signInUrl()) + "\"" : "";
        String body = "{\"status\":" + status + ",\"title\":\"" + title + "\",\"reason\":\"" + decision.reason()
                + "\",\"detail\":\"" + json(description) + "\"" + app + signIn + "}";
        response.putHeader("Content-Type", "application/problem+json").setStatusCode(status).end(body);
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(' ');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
