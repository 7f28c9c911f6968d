package dev.scalr.gateway.session;

import dev.scalr.gateway.support.PackagedGateway;
import dev.scalr.gateway.support.RedisReplicas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Back-channel logouts of sealed sessions (silent refresh off) with gateway.session.store=redis: a logout received
 * by one replica ends the session at every replica sharing the Redis, including one started after it.
 */
class LogoutAcrossReplicasTest {

    private static final Duration MAX_AGE = Duration.ofHours(8);
    /** Longer than the test: a replica that already checked a session learns of the logout from the announcement. */
    private static final Duration STORE_CHECK = Duration.ofMinutes(5);
    @RegisterExtension
    static final RedisReplicas replicas = new RedisReplicas();
    private final Clock clock = Clock.systemUTC();
    /** Each test its own app, so the tests share one redis-server. */
    private final String app = "app-" + UUID.randomUUID().toString().substring(0, 8);

    private Revocations replica() {
        return new Revocations(MAX_AGE, clock, replicas.store(clock), STORE_CHECK);
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    @Test
    void logoutBySubjectAtOneReplicaEndsTheSealedSessionAtAnother() throws Exception {
        Revocations first = replica();
        Revocations second = replica();
        long issued = now() - 60;
        assertFalse(revoked(second, "alice-sub", "sid-1", issued), "live before the logout");

        first.revoke(app, "alice-sub", null).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertTrue(eventually(() -> revoked(second, "alice-sub", "sid-1", issued)), "ended at the other replica");
        assertTrue(revoked(replica(), "alice-sub", "sid-1", issued), "ended at a replica started after the logout");
        assertFalse(revoked(second, "alice-sub", "sid-2", now() + 5), "a session signed in after the logout lives");
        assertFalse(revoked(second, "bob-sub", "sid-3", issued), "other users are not affected");
    }

    @Test
    void logoutBySidEndsThatAuthentikSessionAtEveryReplica() throws Exception {
        Revocations first = replica();
        first.revoke(app, null, "sid-gone").toCompletableFuture().get(5, TimeUnit.SECONDS);

        Revocations later = replica();
        assertTrue(revoked(later, "alice-sub", "sid-gone", now()));
        assertFalse(revoked(later, "alice-sub", "sid-other", now() - 60));
    }

    @Test
    void redisDownKeepsSealedSessionsAndFailsTheLogoutCall() throws Exception {
        int closed = PackagedGateway.freePort();
        Revocations cut = new Revocations(MAX_AGE, clock, replicas.store("redis://127.0.0.1:" + closed, clock), STORE_CHECK);

        assertFalse(revoked(cut, "alice-sub", "sid-1", now() - 60), "no outage of signed-in users");
        CompletionException failed = assertThrows(CompletionException.class,
                () -> cut.revoke(app, "alice-sub", null).toCompletableFuture().join());
        assertTrue(failed.getCause() != null, failed::toString);
        // the logout still ends the session on the replica that received it
        assertTrue(revoked(cut, "alice-sub", "sid-1", now() - 60));
    }

    /** A blackholed Redis (connections accepted, never answered) must not hold forwardAuth requests for long. */
    @Test
    void redisThatStopsAnsweringCountsAsDownWithinASecondOrTwo() throws Exception {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread accepting = new Thread(() -> {
                List<Socket> held = new ArrayList<>();
                while (!silent.isClosed()) {
                    try {
                        held.add(silent.accept()); // read nothing, answer nothing
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            accepting.setDaemon(true);
            accepting.start();
            Revocations cut = new Revocations(MAX_AGE, clock,
                    replicas.store("redis://127.0.0.1:" + silent.getLocalPort(), clock), STORE_CHECK);

            long started = System.nanoTime();
            assertFalse(cut.revoked(app, "alice-sub", "sid-1", now() - 60).toCompletableFuture().get(4, TimeUnit.SECONDS),
                    "no outage of signed-in users");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(millis < 2_500, "answered after " + millis + " ms");
        }
    }

    private boolean revoked(Revocations replica, String sub, String sid, long issuedAt) throws Exception {
        return replica.revoked(app, sub, sid, issuedAt).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private static boolean eventually(Check check) throws Exception {
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
