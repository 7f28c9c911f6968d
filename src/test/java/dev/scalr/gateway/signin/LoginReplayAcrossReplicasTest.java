package dev.scalr.gateway.signin;

import dev.scalr.gateway.support.PackagedGateway;
import dev.scalr.gateway.support.RedisReplicas;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The callback of a sign-in is redeemed once across replicas sharing a Redis store: a replayed login cookie cannot
 * make a second replica post the client secret again. Without Redis each replica still redeems it once.
 */
class LoginReplayAcrossReplicasTest {

    @RegisterExtension
    static final RedisReplicas replicas = new RedisReplicas();
    private final Clock clock = Clock.systemUTC();

    private SingleUseLogins replica(String url) {
        return new SingleUseLogins(new ConsumedStates(ConsumedStates.DEFAULT_CAPACITY), replicas.store(url, clock), clock);
    }

    private boolean take(SingleUseLogins replica, String state) throws Exception {
        return replica.take(state, clock.instant().getEpochSecond() + 600).toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aLoginStateRedeemedAtOneReplicaIsAReplayAtAnother() throws Exception {
        SingleUseLogins first = replica(replicas.url());
        SingleUseLogins second = replica(replicas.url());
        String state = Pkce.random();

        assertTrue(take(first, state));
        assertFalse(take(second, state), "replayed at the other replica");
        assertFalse(take(first, state), "replayed at the same replica");
        assertTrue(take(second, Pkce.random()), "another sign-in is not affected");
    }

    @Test
    void redisDownFallsBackToOneRedemptionPerReplica() throws Exception {
        SingleUseLogins cut = replica("redis://127.0.0.1:" + PackagedGateway.freePort());
        String state = Pkce.random();

        assertTrue(take(cut, state), "sign-in keeps working while Redis is down");
        assertFalse(take(cut, state), "this replica's guard still refuses the replay");
    }
}
