package dev.scalr.gateway.signin;

import dev.scalr.gateway.access.StepUp;
import dev.scalr.gateway.app.App;
import dev.scalr.gateway.decision.Decision;
import dev.scalr.gateway.decision.Decision.Redirect;
import dev.scalr.gateway.decision.Decision.Unauthorized;
import dev.scalr.gateway.forward.ForwardedRequest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The way into sign-in: sends a navigating browser to Authentik's authorize endpoint with a fresh state, nonce and
 * PKCE verifier kept in a sealed login cookie (with the page to return to), and hands requests that cannot follow a
 * redirect a sign-in URL on the app's own host instead. The login cookie holds every sign-in in flight
 * ({@link LoginsInFlight}).
 */
final class SignInStart {

    private final String prefix;
    private final String scopes;
    private final Duration loginTimeout;
    private final String authorizeUrl;
    private final LoginsInFlight logins;
    private final Clock clock;
    /** Runs once, when the first browser is sent to Authentik (the code exchange is built then, off the event loop). */
    private final Runnable onFirstStart;
    private final AtomicBoolean started = new AtomicBoolean();

    SignInStart(String prefix, String scopes, Duration loginTimeout, String authorizeUrl, LoginCookies cookies,
            Clock clock, Runnable onFirstStart) {
        this.prefix = prefix;
        this.scopes = scopes;
        this.loginTimeout = loginTimeout;
        this.authorizeUrl = authorizeUrl;
        this.logins = new LoginsInFlight(cookies, loginTimeout, clock);
        this.clock = clock;
        this.onFirstStart = onFirstStart;
    }

    /**
     * Browsers navigating go to sign-in; everything else keeps the API answer (a 401). A browser request that
     * cannot follow a redirect (XHR, fetch, WebSocket) gets that 401 with a sign-in URL on the app's own host.
     * @param stepUp what the access rule asks of the sign-in (prompt=login, max_age), or null
     */
    Decision challenge(App app, ForwardedRequest request, Decision apiAnswer, StepUp stepUp) {
        if (!app.signIn() || request.host() == null) {
            return apiAnswer;
        }
        if (!request.browserNavigation()) {
            if (apiAnswer instanceof Unauthorized unauthorized && request.authorization().isEmpty() && request.fromBrowser()) {
                // a frame's own page is X-Forwarded-Uri; the Referer is the parent page, often another site's
                return unauthorized.withSignInUrl(request.browser().framed() ? startUrl(request, request.uri(), stepUp)
                        : startUrl(request, refererPath(request), stepUp));
            }
            return apiAnswer;
        }
        return begin(app, request, ReturnPaths.safe(request.uri(), prefix), stepUp, apiAnswer);
    }

    /**
     * {@code <prefix>/start?rd=...}: the sign-in URL, navigated to; signs in, then goes back to rd. prompt=login and
     * max_age, when the challenge put them there, go on to Authentik: anyone may write them, and all they can do is
     * make the person who follows the link sign in again.
     */
    Decision start(App app, ForwardedRequest request) {
        Query query = Query.of(request.uri(), "rd", "prompt", "max_age");
        if (query.tooLong()) {
            return begin(app, request, "/", null, null);
        }
        long maxAge = maxAge(query.get("max_age"));
        boolean login = "login".equals(query.get("prompt"));
        return begin(app, request, ReturnPaths.safe(query.get("rd"), prefix),
                login || maxAge > 0 ? new StepUp(null, null, login, maxAge) : null, null);
    }

    private static long maxAge(String text) {
        if (text == null || text.isEmpty() || text.length() > 9 || !text.chars().allMatch(Character::isDigit)) {
            return 0;
        }
        return Long.parseLong(text);
    }

    String callbackUrl(ForwardedRequest request) {
        return request.origin() + prefix + "/callback";
    }

    /** {@code <prefix>/start?rd=<path>}: signs in, then returns to the path on the app's own host. */
    private String startUrl(ForwardedRequest request, String back, StepUp stepUp) {
        return request.origin() + prefix + "/start?rd=" + enc(ReturnPaths.safe(back, prefix)) + stepUpParameters(stepUp);
    }

    /** What Authentik honours of a step-up (providers/oauth2/views/authorize.py): prompt=login, max_age. */
    private static String stepUpParameters(StepUp stepUp) {
        if (stepUp == null) {
            return "";
        }
        return (stepUp.reauthenticate() ? "&prompt=login" : "")
                + (stepUp.maxAgeSeconds() > 0 ? "&max_age=" + stepUp.maxAgeSeconds() : "");
    }

    /** The page that made a fetch or XHR, when the Referer names one of this origin; else "/". */
    private static String refererPath(ForwardedRequest request) {
        String origin = request.origin();
        String referer = request.browser().referer() == null ? "" : request.browser().referer().trim();
        String back = referer.startsWith(origin + "/") ? referer.substring(origin.length()) : "/";
        int fragment = back.indexOf('#');
        return fragment >= 0 ? back.substring(0, fragment) : back;
    }

    /** @param because the answer an API client would have had (its rule and log detail go to the log), or null */
    private Decision begin(App app, ForwardedRequest request, String returnPath, StepUp stepUp, Decision because) {
        String state = Pkce.random();
        String nonce = Pkce.random();
        String verifier = Pkce.random();
        LoginState login = new LoginState(app.slug(), state, nonce, verifier, returnPath,
                clock.instant().plus(loginTimeout).getEpochSecond());
        String location = authorizeUrl + "?response_type=code"
                + "&client_id=" + enc(app.clientId().orElseThrow())
                + "&redirect_uri=" + enc(callbackUrl(request))
                + "&scope=" + enc(app.scopes(scopes))
                + "&state=" + enc(state)
                + "&nonce=" + enc(nonce)
                + "&code_challenge=" + enc(Pkce.challenge(verifier))
                + "&code_challenge_method=S256"
                + stepUpParameters(stepUp);
        if (started.compareAndSet(false, true)) {
            onFirstStart.run();
        }
        boolean navigation = "GET".equals(request.method()) || "HEAD".equals(request.method());
        return new Redirect(app, navigation ? 302 : 303, location, logins.start(app, request, login),
                stepUp != null && stepUp.reason() != null ? "step-up" : "sign-in", null,
                because == null ? null : because.rule(), because instanceof Unauthorized u ? u.logDetail() : "");
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
