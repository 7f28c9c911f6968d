package dev.scalr.gateway.session;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.token.TokenGrant;
import dev.scalr.gateway.support.MutableClock;
import dev.scalr.gateway.support.TestApps;
import dev.scalr.gateway.token.Identity;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/** Sessions built by hand around a store, a clock the test moves, and an ID token whose claims the test picks. */
final class TestSessions {

    static final App GRAFANA = TestApps.apiApp("grafana");
    static final Instant NOW = Instant.parse("2030-01-01T10:00:00Z");

    private TestSessions() {
    }

    static MutableClock clockAt(Instant now) {
        MutableClock clock = new MutableClock();
        clock.set(now);
        return clock;
    }

    static Identity identity(String sub, Instant expiresAt) {
        return new Identity(sub, "user-" + sub, sub + "@example.test", "User " + sub, List.of("staff"), expiresAt);
    }

    /** An ID token as far as sessions read it (payload only: its signature was checked at sign-in or refresh). */
    static String idToken(String sub, String sid, Instant issuedAt, Instant expiresAt) {
        String payload = "{\"sub\":\"" + sub + "\",\"sid\":\"" + sid + "\",\"iat\":" + issuedAt.getEpochSecond()
                + ",\"exp\":" + expiresAt.getEpochSecond() + "}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString("{\"alg\":\"RS256\"}".getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".c2ln";
    }

    /** A session signed in now whose ID token lasts {@code idTokenLifetime}. */
    static SessionRecord signIn(Sessions sessions, MutableClock clock, String sub, String sid, Duration idTokenLifetime) {
        Instant now = clock.instant();
        Instant exp = now.plus(idTokenLifetime);
        return join(sessions.create(GRAFANA, identity(sub, exp), idToken(sub, sid, now, exp), "refresh-" + sub));
    }

    /** What Authentik answers a refresh grant: a new ID token for the same subject, from the clock's now. */
    static TokenGrant refreshed(MutableClock clock, String sub, String sid, Duration idTokenLifetime) {
        Instant now = clock.instant();
        Instant exp = now.plus(idTokenLifetime);
        return new TokenGrant(identity(sub, exp), idToken(sub, sid, now, exp), "rotated-" + now, null, null, false);
    }

    static CompletionStage<TokenGrant> never() {
        return new CompletableFuture<>();
    }

    static <T> T join(CompletionStage<T> stage) {
        try {
            return stage.toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    static Optional<SessionRecord> open(Sessions sessions, String id) {
        return join(sessions.open(GRAFANA, id));
    }
}
