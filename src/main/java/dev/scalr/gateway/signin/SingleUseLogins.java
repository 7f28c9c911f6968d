package dev.scalr.gateway.signin;

import dev.scalr.gateway.session.SessionStore;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A sign-in's callback is redeemed once, before the code exchange, so a replayed login cookie cannot make the
 * gateway post the client secret to Authentik again: on this replica ({@link ConsumedStates}), and with a shared
 * store (Redis) on every replica (SET NX PX until the login cookie expires). If Redis does not answer, the callback
 * goes on with this replica's guard alone (docs/operations.md, "Replicas and store"): the code is single use and
 * PKCE-bound at Authentik anyway, and refusing would turn every sign-in into a 400.
 */
final class SingleUseLogins {

    private static final Logger LOG = Logger.getLogger(SingleUseLogins.class);
    private static final CompletionStage<Boolean> REPLAY = CompletableFuture.completedFuture(false);
    private static final CompletionStage<Boolean> FIRST = CompletableFuture.completedFuture(true);

    private final ConsumedStates local;
    private final SessionStore store;
    private final Clock clock;

    SingleUseLogins(ConsumedStates local, SessionStore store, Clock clock) {
        this.local = local;
        this.store = store;
        this.clock = clock;
    }

    /** True the first time a state is redeemed before its expiry (epoch seconds); false for a replay. */
    CompletionStage<Boolean> take(String state, long expiresAt) {
        long now = clock.instant().getEpochSecond();
        if (!local.take(state, expiresAt, now)) {
            return REPLAY;
        }
        if (!store.shared()) {
            return FIRST;
        }
        return store.firstUse("login-state:" + state, Duration.ofSeconds(Math.max(1, expiresAt - now + 1)))
                .exceptionally(error -> {
                    LOG.warnf("session-store=error login-replay-check=this-replica-only error=%s",
                            error.getClass().getSimpleName());
                    return true;
                });
    }
}
