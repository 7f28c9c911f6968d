package dev.scalr.gateway.session;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.token.Identity;

import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * A browser's session with an app, of the kind chosen once at startup ({@link SessionStores}): sealed in the cookie
 * ({@link CookieSessions}: silent refresh off), or stored ({@link StoredSessions}: the cookie holds only the store's
 * id, and a provider that grants no refresh token still gets a sealed one). Opening it ({@link #open}) is the one
 * call site of the request path.
 */
public interface BrowserSessions {

    /** The browser's session: a sealed one at once, a stored one from the store (refreshed first when due). */
    CompletionStage<Optional<SignedIn>> open(App app, ForwardedRequest request);

    /**
     * The Set-Cookie of the session after a successful code exchange; empty when a sealed session cannot fit a
     * cookie.
     */
    CompletionStage<Optional<String>> start(App app, ForwardedRequest request, Identity identity, String idToken,
            String refreshToken);

    /** Sign-out: ends the session, and yields the ID token for id_token_hint (null when none is known). */
    CompletionStage<String> end(App app, ForwardedRequest request);

    /** Back-channel logout: ends the stored sessions of the user (sealed ones are ended by the logout mark). */
    CompletionStage<Integer> endAll(App app, String sub, String idpSid);

    /** The kind gateway.session.refresh asks for: stored sessions refresh through {@code grant}. */
    static BrowserSessions of(GatewayConfig config, SessionCookies cookies, SessionStore store, Revocations revocations,
            RefreshGrant grant, Clock clock) {
        CookieSessions sealed = new CookieSessions(cookies, revocations,
                new OpenedSessions(OpenedSessions.DEFAULT_CAPACITY, clock));
        if (!config.session().refresh()) {
            return sealed;
        }
        return new StoredSessions(sealed, new Sessions(store, grant, config.session().refreshInterval(),
                config.session().maxAge(), config.session().storeCheckInterval(), clock, revocations));
    }
}
