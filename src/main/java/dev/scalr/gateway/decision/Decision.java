package dev.scalr.gateway.decision;

import dev.scalr.gateway.access.AccessRule;
import dev.scalr.gateway.access.StepUp;
import dev.scalr.gateway.app.App;
import dev.scalr.gateway.token.Identity;

import java.util.List;

/**
 * What the gateway answers, as a value. Computed by {@link DecisionService}, turned into HTTP only by
 * {@link DecisionResponder}, logged only by {@link DecisionLog}.
 */
public sealed interface Decision {

    /** Reason of a session refused because its cookie came more than once (a sign-in, or a 401 for API clients). */
    String DUPLICATE_COOKIE = "duplicate_cookie";

    /** Stable outcome label for logs and metrics. */
    String outcome();

    /** Stable reason label for logs and metrics. */
    String reason();

    /** The app, or null when the request matched none. */
    App app();

    /** The access rule that decided, or null when the decision came before any rule (or for a sign-in). */
    default AccessRule rule() {
        return null;
    }

    /**
     * @param identity null on a public path
     * @param bearer   the raw token for X-authentik-jwt: the presented bearer token, or a browser session's ID token
     */
    record Allow(App app, Identity identity, String bearer, String reason, AccessRule rule) implements Decision {
        public Allow(App app, Identity identity, String bearer, String reason) {
            this(app, identity, bearer, reason, null);
        }

        public String outcome() {
            return "allow";
        }
    }

    /**
     * No acceptable credential. tokenPresented selects RFC 6750's invalid_token error. signInUrl: for a browser
     * request that cannot follow a redirect (XHR, fetch, WebSocket) of an app with sign-in, where navigating signs
     * in (on the app's own host); else null. stepUp: the user is known but the rule wants a stronger or more recent
     * sign-in (RFC 9470's insufficient_user_authentication); else null.
     */
    record Unauthorized(App app, String reason, String description, boolean tokenPresented, String logDetail,
            String signInUrl, StepUp stepUp, AccessRule rule) implements Decision {
        public Unauthorized(App app, String reason, String description, boolean tokenPresented, String logDetail) {
            this(app, reason, description, tokenPresented, logDetail, null, null, null);
        }

        public Unauthorized(App app, String reason, String description, boolean tokenPresented, String logDetail,
                String signInUrl) {
            this(app, reason, description, tokenPresented, logDetail, signInUrl, null, null);
        }

        public Unauthorized withSignInUrl(String url) {
            return new Unauthorized(app, reason, description, tokenPresented, logDetail, url, stepUp, rule);
        }

        public String outcome() {
            return "unauthorized";
        }
    }

    /**
     * A request the gateway refuses to decide because it is ambiguous (a forwarding header repeated or listed):
     * the gateway and the app behind could read it differently. app is null when the host itself was ambiguous.
     */
    record BadRequest(App app, String reason, String description, String logDetail) implements Decision {
        public String outcome() {
            return "bad_request";
        }
    }

    /** Known user without the right groups (identity set), or a request the gateway refuses outright. */
    record Forbidden(App app, Identity identity, String reason, String description, String logDetail, AccessRule rule)
            implements Decision {
        public Forbidden(App app, Identity identity, String reason, String description, String logDetail) {
            this(app, identity, reason, description, logDetail, null);
        }

        public String outcome() {
            return "forbidden";
        }
    }

    /**
     * A browser is sent somewhere: to sign-in (302, or 303 for non-GET), back to the app after the callback,
     * or to Authentik's end-session. Location is always absolute: Traefik would resolve a relative one
     * against the gateway's internal address.
     */
    record Redirect(App app, int status, String location, List<String> setCookies, String reason, Identity identity,
            AccessRule rule, String logDetail) implements Decision {
        public Redirect(App app, int status, String location, List<String> setCookies, String reason,
                Identity identity) {
            this(app, status, location, setCookies, reason, identity, null, "");
        }

        /** The same redirect, to a sign-in an access rule asks for. */
        public Redirect withRule(AccessRule rule) {
            return rule == this.rule ? this : new Redirect(app, status, location, setCookies, reason, identity, rule, logDetail);
        }

        public String outcome() {
            return "sign-in".equals(reason) || "step-up".equals(reason) || DUPLICATE_COOKIE.equals(reason)
                    ? "sign-in" : "redirect";
        }
    }

    /**
     * A short HTML page for a browser when sign-in cannot go on (bad state, Authentik said no, ...).
     * @param confirmAction null, or a same-origin path the page offers to POST to (a button named by the title)
     */
    record Page(App app, int status, String title, String message, List<String> setCookies, String reason,
            String logDetail, String confirmAction) implements Decision {
        public Page(App app, int status, String title, String message, List<String> setCookies, String reason,
                String logDetail) {
            this(app, status, title, message, setCookies, reason, logDetail, null);
        }

        public String outcome() {
            return status == 403 ? "forbidden" : "unauthorized";
        }
    }
}
