package dev.scalr.gateway.signin;

import dev.scalr.gateway.access.StepUp;
import dev.scalr.gateway.app.App;
import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.config.PlatformConfig;
import dev.scalr.gateway.config.Urls;
import dev.scalr.gateway.decision.BrowserSignIn;
import dev.scalr.gateway.decision.Decision.Page;
import dev.scalr.gateway.decision.Decision.Redirect;
import dev.scalr.gateway.decision.Decision;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.page.Html;
import dev.scalr.gateway.session.BrowserSessions;
import dev.scalr.gateway.session.CookieSealer;
import dev.scalr.gateway.session.MemorySessionStore;
import dev.scalr.gateway.session.Revocations;
import dev.scalr.gateway.session.SessionCookies;
import dev.scalr.gateway.session.SessionStore;
import dev.scalr.gateway.session.SignedIn;
import dev.scalr.gateway.token.Verifiers;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Browser sign-in inside forwardAuth (authorization code + PKCE): the redirect to Authentik, the callback
 * on the app's own host under the reserved prefix, the session cookie, and sign-out. Everything in flight
 * lives in sealed cookies, so any replica can serve any step; replayed callbacks are refused by
 * {@link SingleUseLogins} (per replica, or across replicas with a Redis store). The way in (redirect to
 * Authentik, login cookie, return path) is {@link SignInStart}. The session itself, sealed in the cookie or
 * stored, is {@link BrowserSessions}.
 */
@Singleton
public class SignIn implements BrowserSignIn {

    private final String prefix;
    private final SignOut signOut;
    private final SignInStart start;
    private final SingleUseLogins logins;
    private final LoginsInFlight inFlight;
    private final CodeExchanges exchanges;
    private final Clock clock;
    private final BrowserSessions browserSessions;
    private final Optional<String> postLogoutPath;

    @Inject
    public SignIn(GatewayConfig config, PlatformConfig platform, SessionCookies cookies, BrowserSessions browserSessions,
            CodeExchanges exchanges, SessionStore store, Clock clock) {
        this.clock = clock;
        this.prefix = config.signIn().pathPrefix();
        // a refresh token is issued only for offline_access (Authentik's token view)
        String scopes = config.session().refresh() && !List.of(config.signIn().scopes().split(" ")).contains("offline_access")
                ? config.signIn().scopes() + " offline_access" : config.signIn().scopes();
        this.postLogoutPath = config.session().postLogoutPath();
        String authentikHost = Urls.withoutTrailingSlash(platform.host());
        this.exchanges = exchanges;
        this.browserSessions = browserSessions;
        LoginCookies loginCookies = new LoginCookies(cookies,
                CookieSealer.fromBase64(config.session().keys().orElse(List.of())), prefix);
        this.signOut = new SignOut(cookies, authentikHost, prefix);
        // the browser spends seconds at Authentik: build the REST client then, on a worker, for its callback
        this.start = new SignInStart(prefix, scopes, config.signIn().loginTimeout(),
                authentikHost + "/application/o/authorize/", loginCookies, clock,
                () -> Infrastructure.getDefaultWorkerPool().execute(exchanges::exchange));
        this.inFlight = new LoginsInFlight(loginCookies, config.signIn().loginTimeout(), clock);
        this.logins = new SingleUseLogins(new ConsumedStates(ConsumedStates.DEFAULT_CAPACITY), store, clock);
    }

    /** Without a shared store (benchmarks, the decision table test). */
    public static SignIn standalone(GatewayConfig config, PlatformConfig platform, Verifiers verifiers, Clock clock) {
        SessionStore store = new MemorySessionStore(clock);
        SessionCookies cookies = new SessionCookies(CookieSealer.fromBase64(config.session().keys().orElse(List.of())),
                config.session(), clock);
        CodeExchanges exchanges = new CodeExchanges(config, platform, verifiers);
        return new SignIn(config, platform, cookies, BrowserSessions.of(config, cookies, store,
                new Revocations(config.session().maxAge(), clock), exchanges, clock), exchanges, store, clock);
    }

    @Override
    public boolean isReserved(ForwardedRequest request) {
        return request.path().equals(prefix) || request.path().startsWith(prefix + "/");
    }

    /**
     * The browser's session: a sealed one at once, a stored one from the store (refreshed first when due). The
     * raw ID token comes along for X-authentik-jwt (null when it did not fit a sealed cookie).
     */
    @Override
    public CompletionStage<Optional<SignedIn>> session(App app, ForwardedRequest request) {
        return app.signIn() ? browserSessions.open(app, request) : NO_SESSION;
    }

    private static final CompletionStage<Optional<SignedIn>> NO_SESSION = CompletableFuture.completedFuture(Optional.empty());

    /** Sends a navigating browser to Authentik; see {@link SignInStart#challenge}. */
    @Override
    public Decision challenge(App app, ForwardedRequest request, Decision apiAnswer, StepUp stepUp) {
        return start.challenge(app, request, apiAnswer, stepUp);
    }

    /** The callback, start, sign-out, or an unknown reserved path. */
    @Override
    public CompletionStage<Decision> handleReserved(App app, ForwardedRequest request) {
        String action = request.path().substring(prefix.length());
        if (!app.signIn()) {
            return done(page(app, 404, "Not found", "Sign-in is not enabled for this app.", "sign_in_disabled", ""));
        }
        if (action.equals("/callback")) {
            return callback(app, request);
        }
        if (action.equals("/start")) {
            // the sign-in URL handed to requests that cannot follow a redirect: navigating here signs in, then rd
            return done(start.start(app, request));
        }
        if (action.equals("/sign_out")) {
            if (!SignOut.sameOrigin(request)) {
                return done(signOut.confirm(app, request));
            }
            return browserSessions.end(app, request).thenApply(idToken -> signOut.signedOut(app, request, idToken,
                    postLogoutPath.map(path -> request.origin() + path).orElse(null)));
        }
        return done(page(app, 404, "Not found", "This path is reserved for sign-in.", "reserved_path", action));
    }

    private CompletionStage<Decision> callback(App app, ForwardedRequest request) {
        Query query = Query.of(request.uri(), "state", "code", "error");
        if (query.tooLong()) {
            return done(page(app, 400, "Sign-in failed", "The sign-in answer is too long to be Authentik's. Please try again.",
                    "callback_query_too_long", "query over " + Query.MAX_QUERY_LENGTH + " characters"));
        }
        String state = query.get("state");
        String error = query.get("error");
        Optional<LoginState> login = inFlight.find(app, request, state);
        // what stays in flight once this callback is answered: any other tab's sign-in
        List<String> clear = inFlight.finish(app, request, state, 0);
        if (error != null) {
            boolean denied = "access_denied".equals(error);
            return done(page(app, denied ? 403 : 401, denied ? "Access denied" : "Sign-in failed",
                    denied ? "Authentik did not allow you to use this app." : "Authentik reported: " + Html.printable(error),
                    clear, "idp_error", "error=" + Html.printable(error)));
        }
        if (login.isEmpty() || !login.get().slug().equals(app.slug()) || !login.get().state().equals(state)) {
            return done(page(app, 400, "Sign-in expired",
                    "This sign-in link is no longer valid (it expired, was already used, or was started in another browser).",
                    clear, "bad_state", login.isEmpty() ? "no login cookie for this state" : "state mismatch"));
        }
        if (clock.instant().getEpochSecond() > login.get().expiresAt()) {
            return done(page(app, 400, "Sign-in expired", "You took too long to sign in. Please try again.",
                    clear, "login_expired", ""));
        }
        // Single use, before the exchange: a replayed login cookie must not make us post the secret again.
        return logins.take(state, login.get().expiresAt()).thenCompose(first -> first
                ? redeem(app, request, query.get("code"), login.get(), clear)
                : done(page(app, 400, "Sign-in expired", "This sign-in answer was already used. Please start again.",
                        clear, "login_replayed", "state already redeemed")));
    }

    private CompletionStage<Decision> redeem(App app, ForwardedRequest request, String code, LoginState login,
            List<String> clear) {
        if (code == null || code.isEmpty()) {
            return done(page(app, 400, "Sign-in failed", "The sign-in answer had no code.", clear, "no_code", ""));
        }
        return exchanges.exchange().redeem(app, code, start.callbackUrl(request), login).thenCompose(result -> {
            if (result.identity() == null && result.unavailable()) {
                return done(page(app, 503, "Sign-in is unavailable", "Authentik, where you sign in, could not be reached."
                        + " Please try again in a moment.", clear, result.reason(), result.detail()));
            }
            if (result.identity() == null) {
                return done(page(app, 401, "Sign-in failed", "Your sign-in could not be completed. Please try again.",
                        clear, result.reason(), result.detail()));
            }
            return browserSessions.start(app, request, result.identity(), result.idToken(), result.refreshToken())
                    .<Decision>thenApply(session -> {
                if (session.isEmpty()) {
                    return page(app, 400, "Sign-in failed", "Your account has too many groups to fit in a session cookie.",
                            clear, "session_too_large", "groups " + result.identity().groups().size());
                }
                List<String> set = new java.util.ArrayList<>(List.of(session.get()));
                set.addAll(inFlight.finish(app, request, login.state(), SessionCookies.sentBytes(session.get())));
                return new Redirect(app, 302, request.origin() + ReturnPaths.safe(login.returnPath(), prefix), set,
                        "signed_in", result.identity());
            });
        });
    }

    private static Page page(App app, int status, String title, String message, String reason, String detail) {
        return page(app, status, title, message, List.of(), reason, detail);
    }

    private static Page page(App app, int status, String title, String message, List<String> cookies, String reason,
            String detail) {
        return new Page(app, status, title, message, cookies, reason, detail);
    }

    private static <T> CompletionStage<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }
}
