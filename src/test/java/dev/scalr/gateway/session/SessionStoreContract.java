package dev.scalr.gateway.session;

import dev.scalr.gateway.token.Identity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static dev.scalr.gateway.session.TestSessions.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What every {@link SessionStore} does, run against each kind (as oauth2-proxy's pkg/sessions/tests runs one suite
 * against its cookie and Redis stores). A subclass supplies a fresh store on the wall clock: Redis expires keys on
 * its own clock, so every store here shares it.
 */
abstract class SessionStoreContract {

    protected final Clock clock = Clock.systemUTC();
    /** Each test its own app, so the tests of a subclass may share one server. */
    private final String app = "app-" + UUID.randomUUID().toString().substring(0, 8);

    /** A store as one replica has it. */
    protected abstract SessionStore newStore(Clock clock);

    /** Whether replicas share this kind of store. */
    protected abstract boolean sharedByReplicas();

    /** Returns once the store hears its own announcements of ended sessions. */
    protected void awaitListening(SessionStore store) throws Exception {
    }

    private SessionRecord session(String sub, String sid) {
        long now = clock.instant().getEpochSecond();
        Identity identity = new Identity(sub, "user-" + sub, sub + "@example.test", "User " + sub, List.of("staff", "admins"),
                Instant.ofEpochSecond(now + 300));
        return new SessionRecord(UUID.randomUUID().toString(), app, identity, sid, "id-token-" + sub,
                "refresh-token-" + sub, now + 60, now + 300, now + 3600, 0, now);
    }

    private SessionRecord stored(SessionStore store, String sub, String sid) {
        SessionRecord record = session(sub, sid);
        join(store.put(record));
        return record;
    }

    private static SessionRecord refreshOf(SessionRecord record, String refreshToken) {
        Identity was = record.identity();
        long idTokenExp = record.idTokenExp() + 60; // a stored identity expires with its ID token
        Identity now = new Identity(was.subject(), was.username(), was.email(), was.name(), List.of("staff"),
                Instant.ofEpochSecond(idTokenExp));
        return record.refreshed(now, record.idpSid(), "id-token-2", refreshToken, record.refreshAt() + 60, idTokenExp);
    }

    @Test
    void aSessionIsReadBackAsItWasWritten() {
        SessionStore store = newStore(clock);
        SessionRecord record = stored(store, "alice", "sid-a");
        assertEquals(Optional.of(record), join(store.get(record.id())));
    }

    @Test
    void anUnknownIdIsNoSession() {
        assertEquals(Optional.empty(), join(newStore(clock).get("no-such-session")));
    }

    @Test
    void aSessionPastItsAbsoluteEndIsNoSession() {
        SessionStore store = newStore(clock);
        SessionRecord live = session("alice", "sid-a");
        SessionRecord over = new SessionRecord(live.id(), app, live.identity(), "sid-a", "id", "rt", live.refreshAt(),
                live.idTokenExp(), clock.instant().getEpochSecond() - 1, 0, live.signedIn());
        join(store.put(over));
        assertEquals(Optional.empty(), join(store.get(over.id())));
    }

    @Test
    void deleteEndsTheSessionAndAnnouncesItsId() throws Exception {
        SessionStore store = newStore(clock);
        Set<String> ended = ConcurrentHashMap.newKeySet();
        store.onEnded(ended::add);
        awaitListening(store);
        SessionRecord record = stored(store, "alice", "sid-a");

        join(store.delete(record));

        assertEquals(Optional.empty(), join(store.get(record.id())));
        assertTrue(eventually(() -> ended.contains(record.id())), "announced: " + ended);
    }

    @Test
    void endAllBySubjectEndsEverySessionOfThatUserInThatAppOnly() {
        SessionStore store = newStore(clock);
        SessionRecord laptop = stored(store, "alice", "sid-1");
        SessionRecord phone = stored(store, "alice", "sid-2");
        SessionRecord bob = stored(store, "bob", "sid-3");

        assertEquals(2, join(store.endAll(app, "alice", null)));

        assertEquals(Optional.empty(), join(store.get(laptop.id())));
        assertEquals(Optional.empty(), join(store.get(phone.id())));
        assertEquals(Optional.of(bob), join(store.get(bob.id())));
        assertEquals(0, join(store.endAll("other-" + app, "bob", null)), "another app's logout");
        assertEquals(Optional.of(bob), join(store.get(bob.id())));
    }

    @Test
    void endAllBySidEndsOnlyThatAuthentikSession() {
        SessionStore store = newStore(clock);
        SessionRecord ended = stored(store, "alice", "sid-1");
        SessionRecord other = stored(store, "alice", "sid-2");

        assertEquals(1, join(store.endAll(app, null, "sid-1")));

        assertEquals(Optional.empty(), join(store.get(ended.id())));
        assertEquals(Optional.of(other), join(store.get(other.id())));
    }

    @Test
    void aRefreshIsWrittenOverTheVersionItRefreshed() {
        SessionStore store = newStore(clock);
        SessionRecord record = stored(store, "alice", "sid-a");
        SessionRecord next = refreshOf(record, "rotated");

        assertTrue(join(store.replace(record, next)));

        assertEquals(Optional.of(next), join(store.get(record.id())));
    }

    @ParameterizedTest(name = "ended by {0}: a refresh's write does not bring it back")
    @ValueSource(strings = {"sign-out", "back-channel logout by sub", "back-channel logout by sid"})
    void aRefreshDoesNotBringBackAnEndedSession(String ending) {
        SessionStore store = newStore(clock);
        SessionRecord record = stored(store, "alice", "sid-a");
        switch (ending) {
            case "sign-out" -> join(store.delete(record));
            case "back-channel logout by sub" -> join(store.endAll(app, "alice", null));
            default -> join(store.endAll(app, null, "sid-a"));
        }

        assertFalse(join(store.replace(record, refreshOf(record, "rotated"))));

        assertEquals(Optional.empty(), join(store.get(record.id())));
        assertEquals(0, join(store.endAll(app, "alice", null)), "nothing of it is indexed again");
    }

    @Test
    void aRefreshOfAVersionAlreadyRefreshedIsNotWritten() {
        SessionStore store = newStore(clock);
        SessionRecord record = stored(store, "alice", "sid-a");
        SessionRecord winner = refreshOf(record, "winner");
        assertTrue(join(store.replace(record, winner)));

        assertFalse(join(store.replace(record, refreshOf(record, "loser"))));

        assertEquals(Optional.of(winner), join(store.get(record.id())));
    }

    @Test
    void theRefreshLockHasOneHolderUntilUnlocked() {
        SessionStore store = newStore(clock);
        String id = UUID.randomUUID().toString();
        assertTrue(join(store.lock(id, Duration.ofSeconds(20))));
        assertFalse(join(store.lock(id, Duration.ofSeconds(20))), "held");
        if (sharedByReplicas()) {
            assertFalse(join(newStore(clock).lock(id, Duration.ofSeconds(20))), "held for every replica");
        }
        join(store.unlock(id));
        assertTrue(join(store.lock(id, Duration.ofSeconds(20))), "free again");
    }

    @Test
    void aKeyIsUsedForTheFirstTimeOnlyOnce() {
        SessionStore store = newStore(clock);
        String key = "jti:" + app + ":" + UUID.randomUUID();
        assertTrue(join(store.firstUse(key, Duration.ofMinutes(1))));
        assertFalse(join(store.firstUse(key, Duration.ofMinutes(1))));
    }

    @Test
    void sharedSaysWhetherReplicasReadTheSameSessions() {
        SessionStore store = newStore(clock);
        assertEquals(sharedByReplicas(), store.shared());
        assertEquals(sharedByReplicas(), store.marks().isPresent(), "shared logout marks go with a shared store");
    }

    interface Check {
        boolean holds() throws Exception;
    }

    static boolean eventually(Check check) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
        while (!check.holds()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
