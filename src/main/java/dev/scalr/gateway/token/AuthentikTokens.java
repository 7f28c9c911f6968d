package dev.scalr.gateway.token;

import dev.scalr.gateway.app.App;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Checks a JWT Authentik issued to the gateway for an app: the ID token of a code exchange or a refresh, the one an
 * app password was exchanged for. The app's own verifier (hardened steps, key cache, public issuer, audience), and
 * one waiting policy for all of them: a token naming a key not held yet (a restart that raced Authentik, a rotated
 * key) fetches the app's keys at once, sharing a fetch in flight, waits at most the fetch timeout, and is checked
 * once more. No unknown-kid cooldown: these tokens came from Authentik's token endpoint over the internal network,
 * not from a client. Logout tokens, which anyone who reaches the endpoint can send, do not wait
 * (session/LogoutTokens): a made-up kid must not hold a request or cost a fetch.
 */
public final class AuthentikTokens {

    private final Function<App, TokenVerifier> verifiers;
    private final long keyWaitMillis;

    /** @param keyWait at most this long for a key fetch (gateway.keys.fetch-timeout) */
    public AuthentikTokens(Function<App, TokenVerifier> verifiers, Duration keyWait) {
        this.verifiers = verifiers;
        this.keyWaitMillis = keyWait.toMillis();
    }

    public CompletionStage<Verification> verify(App app, String jwt) {
        TokenVerifier verifier = verifiers.apply(app);
        Verification first = verifier.verify(jwt);
        if (first instanceof Verification.Failed failed && (failed.failure() == TokenFailure.UNKNOWN_KEY
                || failed.failure() == TokenFailure.NO_KEYS)) {
            // a copy: the fetch in flight is shared with other waiters, which must not see this timeout
            return verifier.keys().refresh().toCompletableFuture().copy().orTimeout(keyWaitMillis, TimeUnit.MILLISECONDS)
                    .handle((keys, error) -> verifier.verify(jwt));
        }
        return CompletableFuture.completedFuture(first);
    }
}
