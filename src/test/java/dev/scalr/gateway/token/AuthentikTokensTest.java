package dev.scalr.gateway.token;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import dev.scalr.gateway.keys.AppKeys;
import dev.scalr.gateway.support.TestApps;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one waiting policy for tokens Authentik issued to the gateway (code exchange, refresh, app passwords). */
class AuthentikTokensTest {

    private static final App APP = TestApps.apiApp("unit");
    private static final SigningKey KEY = SigningKey.rsa();
    private static final String TOKEN = Tokens.forApp("unit", null).sign(KEY);
    private volatile SigningKey next = KEY;

    @Test
    void aTokenSignedWithAKeyNotHeldYetFetchesTheKeysOnceAndVerifies() throws Exception {
        AtomicInteger fetches = new AtomicInteger();
        AuthentikTokens tokens = tokens(url -> {
            fetches.incrementAndGet();
            return CompletableFuture.supplyAsync(() -> SigningKey.jwks(next),
                    CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));
        }, Duration.ofSeconds(5));
        Verification verification = tokens.verify(APP, TOKEN).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertInstanceOf(Verification.Verified.class, verification, verification.toString());
        assertEquals(1, fetches.get());
        // no unknown-kid cooldown for Authentik's own tokens: the next one with a new key fetches again
        SigningKey rotated = SigningKey.rsa();
        next = rotated;
        Verification after = tokens.verify(APP, Tokens.forApp("unit", null).sign(rotated)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
        assertInstanceOf(Verification.Verified.class, after, after.toString());
        assertEquals(2, fetches.get());
    }

    @Test
    void aKeyFetchThatDoesNotAnswerIsWaitedForAtMostTheFetchTimeout() throws Exception {
        AuthentikTokens tokens = tokens(url -> new CompletableFuture<>(), Duration.ofMillis(300));
        long started = System.nanoTime();
        Verification verification = tokens.verify(APP, TOKEN).toCompletableFuture().get(10, TimeUnit.SECONDS);
        long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        Verification.Failed failed = assertInstanceOf(Verification.Failed.class, verification);
        assertEquals(TokenFailure.NO_KEYS, failed.failure());
        assertTrue(waited >= 250 && waited < 5000, "waited " + waited + " ms");
    }

    private static AuthentikTokens tokens(Function<String, java.util.concurrent.CompletionStage<String>> fetch,
            Duration keyWait) {
        AppKeys keys = new AppKeys(APP, fetch, Clock.systemUTC(), Duration.ofSeconds(30));
        TokenVerifier verifier = new TokenVerifier(APP, keys, 16384, Duration.ofSeconds(30), List.of("RS256"));
        return new AuthentikTokens(app -> verifier, keyWait);
    }
}
