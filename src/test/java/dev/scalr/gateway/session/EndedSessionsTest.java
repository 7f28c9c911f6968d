package dev.scalr.gateway.session;

import dev.scalr.gateway.token.TokenGrant;
import dev.scalr.gateway.support.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static dev.scalr.gateway.session.TestSessions.GRAFANA;
import static dev.scalr.gateway.session.TestSessions.NOW;
import static dev.scalr.gateway.session.TestSessions.clockAt;
import static dev.scalr.gateway.session.TestSessions.join;
import static dev.scalr.gateway.session.TestSessions.open;
import static dev.scalr.gateway.session.TestSessions.refreshed;
import static dev.scalr.gateway.session.TestSessions.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A session ended by sign-out or back-channel logout stays ended, whatever was in flight when it ended. */
class EndedSessionsTest {

    private static final Duration MAX_AGE = Duration.ofHours(8);
    private static final Duration INTERVAL = Duration.ofMinutes(1);

    private final MutableClock clock = clockAt(NOW);
    private final MemorySessionStore store = new MemorySessionStore(clock);
    private final Revocations revocations = new Revocations(MAX_AGE, clock);
    /** Authentik's answer to the refresh grant, completed by the test. */
    private final CompletableFuture<TokenGrant> grant = new CompletableFuture<>();

    private Sessions replica() {
        return new Sessions(store, (app, token) -> grant, Optional.of(INTERVAL), MAX_AGE, Duration.ofSeconds(5), clock,
                revocations);
    }

    @ParameterizedTest(name = "{0} during a refresh: the refresh's answer does not bring the session back")
    @ValueSource(strings = {"back-channel logout", "sign-out"})
    void aRefreshInFlightDoesNotBringBackASessionEndedMeanwhile(String ending) {
        Sessions sessions = replica();
        SessionRecord record = signIn(sessions, clock, "alice", "sid-a", Duration.ofHours(1));
        clock.set(NOW.plus(INTERVAL).plusSeconds(1));
        CompletionStage<Optional<SessionRecord>> inFlight = sessions.open(GRAFANA, record.id());
        assertFalse(inFlight.toCompletableFuture().isDone(), "the refresh waits for Authentik");

        if (ending.equals("sign-out")) {
            assertTrue(join(sessions.end(GRAFANA, record.id())).isPresent());
        } else {
            assertEquals(1, join(sessions.endAll(GRAFANA, "alice", null)));
        }
        grant.complete(refreshed(clock, "alice", "sid-a", Duration.ofHours(1)));

        assertEquals(Optional.empty(), join(inFlight), "the request that waited for the refresh");
        assertEquals(Optional.empty(), join(store.get(record.id())), "the store");
        assertEquals(Optional.empty(), open(replica(), record.id()), "another replica");
        assertEquals(Optional.empty(), open(sessions, record.id()), "this replica, next request");
    }

    @Test
    void aLogoutMarkEndsAStoredSessionSignedInBeforeIt() {
        Sessions sessions = replica();
        SessionRecord before = signIn(sessions, clock, "alice", "sid-a", Duration.ofHours(1));
        assertTrue(open(sessions, before.id()).isPresent());
        clock.set(NOW.plusSeconds(10));

        join(revocations.revoke(GRAFANA.slug(), "alice", null));
        clock.set(NOW.plusSeconds(20));
        SessionRecord after = signIn(sessions, clock, "alice", "sid-b", Duration.ofHours(1));

        assertEquals(Optional.empty(), open(sessions, before.id()), "signed in before the logout");
        assertTrue(open(sessions, after.id()).isPresent(), "signed in after the logout");
    }

    @Test
    void aLogoutMarkOfAnAuthentikSessionEndsTheStoredSessionOfThatSid() {
        Sessions sessions = replica();
        SessionRecord ended = signIn(sessions, clock, "alice", "sid-a", Duration.ofHours(1));
        SessionRecord other = signIn(sessions, clock, "alice", "sid-b", Duration.ofHours(1));

        join(revocations.revoke(GRAFANA.slug(), null, "sid-a"));

        assertEquals(Optional.empty(), open(sessions, ended.id()));
        assertTrue(open(sessions, other.id()).isPresent());
    }
}
