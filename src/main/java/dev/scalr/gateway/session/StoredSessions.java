package dev.scalr.gateway.session;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.token.Identity;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sessions in the store (silent refresh on, {@link Sessions}): the cookie holds only the store's id. A provider that
 * grants no refresh token still gets a sealed session ({@link CookieSessions}), which this kind opens too.
 */
final class StoredSessions implements BrowserSessions {

    private static final Logger LOG = Logger.getLogger(StoredSessions.class);

    private final CookieSessions sealed;
    private final Sessions sessions;
    private final Set<String> warnedNoRefreshToken = ConcurrentHashMap.newKeySet();

    StoredSessions(CookieSessions sealed, Sessions sessions) {
        this.sealed = sealed;
        this.sessions = sessions;
    }

    @Override
    public CompletionStage<Optional<SignedIn>> open(App app, ForwardedRequest request) {
        Optional<SessionCookie> cookie = sealed.read(app, request);
        if (cookie.isEmpty()) {
            return CookieSessions.NONE;
        }
        if (!cookie.get().stored()) {
            return sealed.openSealed(app, cookie.get());
        }
        return sessions.open(app, cookie.get().storeId())
                .thenApply(record -> record.map(r -> new SignedIn(r.identity(), r.idToken())));
    }

    @Override
    public CompletionStage<Optional<String>> start(App app, ForwardedRequest request, Identity identity, String idToken,
            String refreshToken) {
        if (refreshToken != null) {
            return sessions.create(app, identity, idToken, refreshToken).thenApply(record -> Optional.of(sealed.cookies()
                    .issueStored(app, record.id(), Instant.ofEpochSecond(record.expiresAt()), request.https())));
        }
        if (warnedNoRefreshToken.add(app.slug())) {
            LOG.warnf("app=%s session=no-refresh-token: Authentik issued no refresh token, so sessions of this app end at"
                    + " the ID token's exp; add the offline_access scope mapping to its provider", app.slug());
        }
        return sealed.start(app, request, identity, idToken, null);
    }

    @Override
    public CompletionStage<String> end(App app, ForwardedRequest request) {
        Optional<SessionCookie> cookie = sealed.cookies().read(app, request);
        if (cookie.isPresent() && cookie.get().stored()) {
            return sessions.end(app, cookie.get().storeId()).thenApply(r -> r.map(SessionRecord::idToken).orElse(null));
        }
        return sealed.end(app, request);
    }

    @Override
    public CompletionStage<Integer> endAll(App app, String sub, String idpSid) {
        return sessions.endAll(app, sub, idpSid);
    }
}
