package dev.scalr.gateway.session;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.token.Identity;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A browser's session with an app, whichever kind it is: sealed in the cookie (silent refresh off, or a provider
 * that grants no refresh token), or stored ({@link Sessions}: the cookie holds only its id). Opening it
 * ({@link #open}) is the one call site of the request path.
 */
public final class BrowserSessions {

    private static final Logger LOG = Logger.getLogger(BrowserSessions.class);
    private static final CompletionStage<Optional<SignedIn>> NONE = CompletableFuture.completedFuture(Optional.empty());

    private final SessionCookies cookies;
    /** Null unless gateway.session.refresh. */
    private final Sessions sessions;
    private final Revocations revocations;
    private final Set<String> warnedNoRefreshToken = ConcurrentHashMap.newKeySet();
    /** Cookies already opened: a repeat costs a SHA-256 instead of AES-GCM and JSON (revocation still checked below). */
    private final OpenedSessions opened;

    public BrowserSessions(SessionCookies cookies, Sessions sessions, Revocations revocations, OpenedSessions opened) {
        this.cookies = cookies;
        this.opened = opened;
        this.sessions = sessions;
        this.revocations = revocations;
    }

    /** A sealed session at once; a stored one from the store, refreshed first when due. */
    public CompletionStage<Optional<SignedIn>> open(App app, ForwardedRequest request) {
        Optional<SessionCookie> cookie = opened.read(app, request, cookies.sessionName(app, request.https()), cookies::read);
        if (cookie.isEmpty()) {
            return NONE;
        }
        if (!cookie.get().stored()) {
            SessionCookie sealed = cookie.get();
            // ended by a back-channel logout (received by any replica when they share a Redis store)?
            return revocations.revoked(app.slug(), sealed.identity().subject(), sealed.idpSid(), sealed.issuedAt())
                    .thenApply(revoked -> revoked ? Optional.empty()
                            : Optional.of(new SignedIn(sealed.identity(), sealed.idToken())));
        }
        if (sessions == null) {
            return NONE; // a stored session's cookie after silent refresh was turned off: sign in again
        }
        return sessions.open(app, cookie.get().storeId())
                .thenApply(record -> record.map(r -> new SignedIn(r.identity(), r.idToken())));
    }

    /**
     * The session cookie after a successful code exchange: with silent refresh and a refresh token, a stored
     * session; otherwise a sealed one. Empty when a sealed session cannot fit a cookie.
     */
    public CompletionStage<Optional<String>> start(App app, ForwardedRequest request, Identity identity, String idToken,
            String refreshToken) {
        if (sessions != null && refreshToken != null) {
            return sessions.create(app, identity, idToken, refreshToken).thenApply(record -> Optional.of(
                    cookies.issueStored(app, record.id(), Instant.ofEpochSecond(record.expiresAt()), request.https())));
        }
        if (sessions != null && warnedNoRefreshToken.add(app.slug())) {
            LOG.warnf("app=%s session=no-refresh-token: Authentik issued no refresh token, so sessions of this app end at"
                    + " the ID token's exp; add the offline_access scope mapping to its provider", app.slug());
        }
        return CompletableFuture.completedFuture(cookies.issue(app, identity, idToken, request.https()));
    }

    /** Sign-out: ends a stored session, and yields the ID token for id_token_hint (null when none is known). */
    public CompletionStage<String> end(App app, ForwardedRequest request) {
        Optional<SessionCookie> cookie = cookies.read(app, request);
        if (cookie.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (cookie.get().stored()) {
            return sessions == null ? CompletableFuture.completedFuture(null)
                    : sessions.end(app, cookie.get().storeId()).thenApply(r -> r.map(SessionRecord::idToken).orElse(null));
        }
        return CompletableFuture.completedFuture(cookie.get().idToken());
    }
}
