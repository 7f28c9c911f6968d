package dev.scalr.gateway.decision;

import dev.scalr.gateway.decision.Decision.Allow;
import dev.scalr.gateway.decision.Decision.BadRequest;
import dev.scalr.gateway.decision.Decision.Forbidden;
import dev.scalr.gateway.decision.Decision.Page;
import dev.scalr.gateway.decision.Decision.Redirect;
import dev.scalr.gateway.decision.Decision.Unauthorized;
import dev.scalr.gateway.identity.IdentityHeaders;
import dev.scalr.gateway.signin.Html;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** The one place a {@link Decision} becomes HTTP. Bodies say what kind of failure it was, never token contents. */
@Singleton
public class DecisionResponder {

    private static final CharSequence CACHE_CONTROL = HttpHeaders.createOptimized("Cache-Control");
    private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");

    private final IdentityHeaders identityHeaders;

    @Inject
    public DecisionResponder(IdentityHeaders identityHeaders) {
        this.identityHeaders = identityHeaders;
    }

    public void respond(Decision decision, HttpServerResponse response) {
        response.headers().add(CACHE_CONTROL, NO_STORE);
        if (decision instanceof Allow allow) {
            identityHeaders.write(allow.app(), allow.identity(), allow.bearer(), response.headers()::add);
            response.setStatusCode(200).end();
        } else if (decision instanceof Unauthorized denied) {
            String challenge = "Bearer realm=\"" + denied.app().slug() + "\"";
            if (denied.tokenPresented()) {
                challenge += ", error=\"invalid_token\", error_description=\"" + denied.description() + "\"";
            }
            if (denied.signInUrl() != null) {
                // also in the challenge: proxies such as nginx's auth_request keep this header but replace the body
                challenge += ", sign_in_url=\"" + denied.signInUrl() + "\"";
            }
            if (denied.app().outpost().basicAuth()) {
                // machine clients that send Basic; first, because nginx's auth_request passes only the first challenge
                response.headers().add("WWW-Authenticate", "Basic realm=\"" + denied.app().slug() + "\", charset=\"UTF-8\"");
            }
            response.headers().add("WWW-Authenticate", challenge);
            problem(response, 401, "unauthorized", decision);
        } else if (decision instanceof Forbidden forbidden) {
            if (forbidden.identity() != null) {
                response.putHeader("WWW-Authenticate", "Bearer realm=\"" + forbidden.app().slug()
                        + "\", error=\"insufficient_scope\", error_description=\"" + forbidden.description() + "\"");
            }
            problem(response, 403, "forbidden", decision);
        } else if (decision instanceof BadRequest) {
            problem(response, 400, "bad request", decision);
        } else if (decision instanceof Redirect redirect) {
            redirect.setCookies().forEach(c -> response.headers().add("Set-Cookie", c));
            response.putHeader("Location", redirect.location()).setStatusCode(redirect.status()).end();
        } else if (decision instanceof Page page) {
            page.setCookies().forEach(c -> response.headers().add("Set-Cookie", c));
            response.putHeader("Content-Type", "text/html; charset=utf-8").setStatusCode(page.status())
                    .end(Html.page(page.title(), page.message(), page.confirmAction()));
        }
    }

    private static void problem(HttpServerResponse response, int status, String title, Decision decision) {
        String description = decision instanceof Unauthorized u ? u.description()
                : decision instanceof BadRequest b ? b.description() : ((Forbidden) decision).description();
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
