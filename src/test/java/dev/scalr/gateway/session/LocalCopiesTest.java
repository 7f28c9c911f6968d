package dev.scalr.gateway.session;

import dev.scalr.gateway.support.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static dev.scalr.gateway.session.TestSessions.NOW;
import static dev.scalr.gateway.session.TestSessions.clockAt;
import static dev.scalr.gateway.session.TestSessions.never;
import static dev.scalr.gateway.session.TestSessions.open;
import static dev.scalr.gateway.session.TestSessions.signIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A replica's copies of stored sessions: they never outlive the session's absolute end
 * (gateway.session.max-age), however far away the next refresh is, and they do not pile up in memory.
 */
class LocalCopiesTest {

    private final MutableClock clock = clockAt(NOW);
    private final MemorySessionStore store = new MemorySessionStore(clock);

    private Sessions sessions(Duration refreshInterval, Duration maxAge) {
        return new Sessions(store, (app, token) -> never(), Optional.of(refreshInterval), maxAge, Duration.ofSeconds(5),
                clock, new Revocations(maxAge, clock));
    }

    @Test
    void copiesOfAThousandSessionsAreGoneOnceMaxAgeHasPassed() {
        Sessions sessions = sessions(Duration.ofHours(1), Duration.ofMinutes(1));
        for (int i = 0; i < 1_000; i++) {
            signIn(sessions, clock, "sub-" + i, "sid-" + i, Duration.ofHours(1));
        }
        assertEquals(1_000, sessions.localCopies());

        clock.set(NOW.plus(Duration.ofMinutes(2)));

        assertEquals(0, sessions.localCopies(), "this replica's copies went with them");
    }

    @Test
    void copiesAreBoundedEvenWhileTheirSessionsLive() {
        Sessions sessions = sessions(Duration.ofHours(1), Duration.ofHours(8));
        int many = Sessions.LOCAL_CAPACITY + 500;
        for (int i = 0; i < many; i++) {
            signIn(sessions, clock, "sub-" + i, "sid-" + i, Duration.ofHours(1));
        }
        assertTrue(sessions.localCopies() <= Sessions.LOCAL_CAPACITY, "copies held: " + sessions.localCopies());
    }

    @Test
    void aCopyIsRefusedAfterMaxAgeThoughItsRefreshIsAnHourAway() {
        Sessions sessions = sessions(Duration.ofHours(1), Duration.ofMinutes(1));
        SessionRecord record = signIn(sessions, clock, "alice", "sid-a", Duration.ofHours(1));
        assertTrue(open(sessions, record.id()).isPresent());

        clock.set(NOW.plus(Duration.ofMinutes(30)));

        assertEquals(Optional.empty(), open(sessions, record.id()));
    }
}
