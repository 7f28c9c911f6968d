package dev.scalr.gateway.signin;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.config.PlatformConfig;
import dev.scalr.gateway.config.Urls;
import dev.scalr.gateway.decision.Decision.Page;
import dev.scalr.gateway.decision.Decision.Redirect;
import dev.scalr.gateway.decision.Decision;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.keys.KeyCaches;
import dev.scalr.gateway.token.Identity;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * Browser sign-in inside forwardAuth (authorization code + PKCE): the redirect to Authentik, the callback
 * on the app's own host under the reserved prefix, the session cookie, and sign-out. Everything in flight
 * lives in sealed cookies, so any replica can serve any step; the only memory is a per-replica guard against
 * replayed callbacks ({@link ConsumedStates}).
 */
@Singleton
public class SignIn {

    private final String prefix;
    private final String scopes;
    private final Duration loginTimeout;
    private final String authorizeUrl;
    private final String authentikHost;
    private final URI publicAuthentik;
    private final SessionCookies cookies;
    private final URI tokenUrl;
    private final IdTokens idTokens;
    private final Function<App, CompletionStage<?>> refreshKeys;
    private final Duration keyWait;
    private final SignOut signOut;
    private final ConsumedStates consumed = new ConsumedStates(ConsumedStates.DEFAULT_CAPACITY);
    /** Built off the event loop when the first browser is sent to sign in (see {@link #exchange()}). */
    private CodeExchange exchange;
    private final AtomicBoolean exchangeRequested = new AtomicBoolean();
    private final Clock clock = Clock.systemUTC();
    private final OpenedSessions opened = new OpenedSessions(OpenedSessions.DEFAULT_CAPACITY, clock);

    @Inject
    public SignIn(GatewayConfig config, PlatformConfig platform, IdTokens idTokens, KeyCaches keys) {
        this(config, platform, idTokens, app -> keys.of(app).refresh());
    }

    /** Without a key cache to wait on (benchmarks, whose keys are loaded before the first request). */
    public SignIn(GatewayConfig config, PlatformConfig platform, IdTokens idTokens) {
        this(config, platform, idTokens, app -> CompletableFuture.completedFuture(null));
    }

    private SignIn(GatewayConfig config, PlatformConfig platform, IdTokens idTokens,
            Function<App, CompletionStage<?>> refreshKeys) {
        this.prefix = config.signIn().pathPrefix();
        this.scopes = config.signIn().scopes();
        this.loginTimeout = config.signIn().loginTimeout();
        this.authentikHost = Urls.withoutTrailingSlash(platform.host());
        this.publicAuthentik = URI.create(authentikHost);
        this.authorizeUrl = authentikHost + "/application/o/authorize/";
        this.cookies = new SessionCookies(CookieSealer.fromBase64(config.session().keys().orElse(List.of())),
                config.session(), prefix, clock);
        this.tokenUrl = URI.create(Urls.withoutTrailingSlash(platform.internalHost()) + "/application/o/token/");
        this.idTokens = idTokens;
        this.refreshKeys = refreshKeys;
        this.keyWait = config.keys().fetchTimeout();
        this.signOut = new SignOut(cookies, authentikHost, prefix);
    }

    public boolean isReserved(ForwardedRequest request) {
        return request.path().equals(prefix) || request.path().startsWith(prefix + "/");
    }

    public Optional<Identity> session(App app, ForwardedRequest request) {
        return app.signIn() ? opened.read(app, request, cookies.sessionName(app, request.https()), cookies::read)
                : Optional.empty();
    }

    /** Sessions already opened (the hook to forget them on revocation or a change of session keys). */
    public OpenedSessions openedSessions() {
        return opened;
    }

    /** Browsers navigating go to sign-in; everything else keeps the API answer (a 401). */
    public Decision challenge(App app, ForwardedRequest request, Decision apiAnswer) {
        if (!app.signIn() || !request.browserNavigation() || request.host() == null) {
            return apiAnswer;
        }
        String state = Pkce.random();
        String nonce = Pkce.random();
        String verifier = Pkce.random();
        LoginState login = new LoginState(app.slug(), state, nonce, verifier, ReturnPaths.safe(request.uri(), prefix),
                clock.instant().plus(loginTimeout).getEpochSecond());
        String location = authorizeUrl + "?response_type=code"
                + "&client_id=" + enc(app.clientId().orElseThrow())
                + "&redirect_uri=" + enc(callbackUrl(request))
                + "&scope=" + enc(scopes)
                + "&state=" + enc(state)
                + "&nonce=" + enc(nonce)
                + "&code_challenge=" + enc(Pkce.challenge(verifier))
                + "&code_challenge_method=S256";
        if (exchangeRequested.compareAndSet(false, true)) {
            // the browser spends seconds at Authentik: build the REST client now, on a worker, for its callback
            Infrastructure.getDefaultWorkerPool().execute(this::exchange);
        }
        boolean navigation = "GET".equals(request.method()) || "HEAD".equals(request.method());
        return new Redirect(app, navigation ? 302 : 303, location,
                List.of(cookies.issueLogin(app, login, request.https(), loginTimeout)), "sign-in", null);
    }

    /** The callback, sign-out, or an unknown reserved path. */
    public CompletionStage<Decision> handleReserved(App app, ForwardedRequest request) {
        String action = request.path().substring(prefix.length());
        if (!app.signIn()) {
            return done(page(app, 404, "Not found", "Sign-in is not enabled for this app.", "sign_in_disabled", ""));
        }
        if (action.equals("/callback")) {
            return callback(app, request);
        }
        if (action.equals("/sign_out")) {
            return done(signOut.answer(app, request));
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
        Optional<LoginState> login = cookies.readLogin(app, state, request);
        List<String> clear = SessionCookies.wellFormedState(state)
                ? List.of(cookies.clearLogin(app, state, request.https())) : List.of();
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
        if (!consumed.take(state, login.get().expiresAt(), clock.instant().getEpochSecond())) {
            return done(page(app, 400, "Sign-in expired", "This sign-in answer was already used. Please start again.",
                    clear, "login_replayed", "state already redeemed on this replica"));
        }
        String code = query.get("code");
        if (code == null || code.isEmpty()) {
            return done(page(app, 400, "Sign-in failed", "The sign-in answer had no code.", clear, "no_code", ""));
        }
        return exchange().redeem(app, code, callbackUrl(request), login.get()).thenApply(result -> {
            if (result.identity() == null) {
                return page(app, 401, "Sign-in failed", "Your sign-in could not be completed. Please try again.",
                        clear, result.reason(), result.detail());
            }
            Optional<String> session = cookies.issue(app, result.identity(), request.https());
            if (session.isEmpty()) {
                return page(app, 400, "Sign-in failed", "Your account has too many groups to fit in a session cookie.",
                        clear, "session_too_large", "groups " + result.identity().groups().size());
            }
            List<String> set = new java.util.ArrayList<>(List.of(session.get()));
            set.addAll(clear);
            return new Redirect(app, 302, request.origin() + ReturnPaths.safe(login.get().returnPath(), prefix), set,
                    "signed_in", result.identity());
        });
    }

    private String callbackUrl(ForwardedRequest request) {
        return request.origin() + prefix + "/callback";
    }

    private static Page page(App app, int status, String title, String message, String reason, String detail) {
        return page(app, status, title, message, List.of(), reason, detail);
    }

    private static Page page(App app, int status, String title, String message, List<String> cookies, String reason,
            String detail) {
        return new Page(app, status, title, message, cookies, reason, detail);
    }

    private static CompletionStage<Decision> done(Decision decision) {
        return CompletableFuture.completedFuture(decision);
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /**
     * The code exchange, built when the first browser is sent to sign in rather than at startup: the REST
     * client costs ~0.1 s of start time and API-only gateways never need it. A callback that arrives first
     * (a sign-in begun before a restart) builds it itself. Rare, so a plain lock is enough.
     */
    private synchronized CodeExchange exchange() {
        if (exchange == null) {
            exchange = new CodeExchange(QuarkusRestClientBuilder.newBuilder().baseUri(tokenUrl)
                    .connectTimeout(5, TimeUnit.SECONDS).readTimeout(10, TimeUnit.SECONDS)
                    .disableDefaultMapper(true) // an HTTP error is an answer to read (status, OAuth error), not an exception
                    .build(TokenEndpoint.class), publicAuthentik, idTokens, refreshKeys, keyWait);
        }
        return exchange;
    }
}
