package dev.scalr.gateway.session;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.token.Identity;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sessions sealed in the cookie (silent refresh off): who, and the raw ID token when it fits. A stored session's
 * cookie (silent refresh since turned off) opens nothing: sign in again.
 */
final class CookieSessions implements BrowserSessions {

    static final CompletionStage<Optional<SignedIn>> NONE = CompletableFuture.completedFuture(Optional.empty());
    private static final CompletionStage<Integer> NONE_ENDED = CompletableFuture.completedFuture(0);

    private final SessionCookies cookies;
    private final Revocations revocations;
    /** Cookies already opened: a repeat costs a SHA-256 instead of AES-GCM and JSON (revocation still checked below). */
    private final OpenedSessions opened;

    CookieSessions(SessionCookies cookies, Revocations revocations, OpenedSessions opened) {
        this.cookies = cookies;
        this.revocations = revocations;
        this.opened = opened;
    }

    SessionCookies cookies() {
        return cookies;
    }

    /** The request's session cookie, opened (remembered when opened before). */
    Optional<SessionCookie> read(App app, ForwardedRequest request) {
        return opened.read(app, request, cookies.sessionName(app, request.https()), cookies::read);
    }

    @Override
    public CompletionStage<Optional<SignedIn>> open(App app, ForwardedRequest request) {
        Optional<SessionCookie> cookie = read(app, request);
        return cookie.isEmpty() || cookie.get().stored() ? NONE : openSealed(app, cookie.get());
    }

    /** A sealed session, unless ended by a back-channel logout (received by any replica sharing a Redis store). */
    CompletionStage<Optional<SignedIn>> openSealed(App app, SessionCookie sealed) {
        return revocations.revoked(app.slug(), sealed.identity().subject(), sealed.idpSid(), sealed.issuedAt())
                .thenApply(revoked -> revoked ? Optional.empty()
                        : Optional.of(new SignedIn(sealed.identity(), sealed.idToken())));
    }

    @Override
    public CompletionStage<Optional<String>> start(App app, ForwardedRequest request, Identity identity, String idToken,
            String refreshToken) {
        return CompletableFuture.completedFuture(cookies.issue(app, identity, idToken, request.https()));
    }

    @Override
    public CompletionStage<String> end(App app, ForwardedRequest request) {
        Optional<SessionCookie> cookie = cookies.read(app, request);
        return CompletableFuture.completedFuture(cookie.isEmpty() || cookie.get().stored() ? null : cookie.get().idToken());
    }

    @Override
    public CompletionStage<Integer> endAll(App app, String sub, String idpSid) {
        return NONE_ENDED;
    }
}
