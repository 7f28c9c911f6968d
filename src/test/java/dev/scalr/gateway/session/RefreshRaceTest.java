package dev.scalr.gateway.session;

import dev.scalr.gateway.support.MutableClock;
import dev.scalr.gateway.token.TokenGrant;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.scalr.gateway.session.TestSessions.NOW;
import static dev.scalr.gateway.session.TestSessions.clockAt;
import static dev.scalr.gateway.session.TestSessions.join;
import static dev.scalr.gateway.session.TestSessions.open;
import static dev.scalr.gateway.session.TestSessions.refreshed;
import static dev.scalr.gateway.session.TestSessions.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two replicas due to refresh one session: one reads the record, the other refreshes it completely before the first
 * takes the (then free) refresh lock. The first must not present the refresh token the other just spent: Authentik
 * refuses a rotated token, and that refusal would sign the user out.
 */
class RefreshRaceTest {

    private static final Duration MAX_AGE = Duration.ofHours(8);
    private static final Duration INTERVAL = Duration.ofMinutes(1);

    private final MutableClock clock = clockAt(NOW);
    private final MemorySessionStore store = new MemorySessionStore(clock);
    private final Revocations revocations = new Revocations(MAX_AGE, clock);
    /** Authentik's refresh tokens: each valid once, as its token view rotates them. */
    private final Set<String> valid = ConcurrentHashMap.newKeySet();
    private final AtomicInteger reuses = new AtomicInteger();

    private CompletionStage<TokenGrant> authentik(String refreshToken) {
        if (!valid.remove(refreshToken)) {
            reuses.incrementAndGet();
            return CompletableFuture.completedFuture(TokenGrant.failed("refresh_rejected", "HTTP 400 error=invalid_grant", false));
        }
        TokenGrant grant = refreshed(clock, "alice", "sid-a", Duration.ofHours(1));
        valid.add(grant.refreshToken());
        return CompletableFuture.completedFuture(grant);
    }

    private Sessions replica(SessionStore on) {
        return new Sessions(on, (app, token) -> authentik(token), Optional.of(INTERVAL), MAX_AGE, Duration.ofSeconds(5),
                clock, revocations);
    }

    @Test
    void aReplicaThatTakesTheLockAfterAnotherRefreshedUsesThatRefreshInsteadOfTheSpentToken() {
        Sessions other = replica(store);
        SessionRecord record = signIn(other, clock, "alice", "sid-a", Duration.ofHours(1));
        valid.add(record.refreshToken());
        clock.set(NOW.plus(INTERVAL).plusSeconds(1));

        Runnable otherRefreshesFirst = () -> assertTrue(open(other, record.id()).isPresent());
        Sessions late = replica(new GapBeforeLock(store, otherRefreshesFirst));

        Optional<SessionRecord> opened = open(late, record.id());

        assertTrue(opened.isPresent(), "the late replica keeps the user signed in");
        assertEquals(0, reuses.get(), "no spent refresh token was presented to Authentik");
        assertTrue(join(store.get(record.id())).isPresent(), "the session is still stored");
    }

    /** The store as the late replica sees it: between its read and its lock, the other replica's refresh happens. */
    private static final class GapBeforeLock implements SessionStore {
        private final SessionStore store;
        private Runnable gap;

        GapBeforeLock(SessionStore store, Runnable gap) {
            this.store = store;
            this.gap = gap;
        }

        @Override
        public CompletionStage<Boolean> lock(String id, Duration ttl) {
            Runnable once = gap;
            gap = null;
            if (once != null) {
                once.run();
            }
            return store.lock(id, ttl);
        }

        @Override
        public CompletionStage<Optional<SessionRecord>> get(String id) {
            return store.get(id);
        }

        @Override
        public CompletionStage<Void> put(SessionRecord record) {
            return store.put(record);
        }

        @Override
        public CompletionStage<Boolean> replace(SessionRecord previous, SessionRecord next) {
            return store.replace(previous, next);
        }

        @Override
        public CompletionStage<Void> delete(SessionRecord record) {
            return store.delete(record);
        }

        @Override
        public CompletionStage<Integer> endAll(String app, String sub, String idpSid) {
            return store.endAll(app, sub, idpSid);
        }

        @Override
        public CompletionStage<Void> unlock(String id) {
            return store.unlock(id);
        }

        @Override
        public CompletionStage<Boolean> firstUse(String key, Duration ttl) {
            return store.firstUse(key, ttl);
        }

        @Override
        public void onEnded(java.util.function.Consumer<String> listener) {
            store.onEnded(listener);
        }

        @Override
        public boolean shared() {
            return store.shared();
        }
    }
}
