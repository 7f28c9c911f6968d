package dev.scalr.gateway.token;

import dev.scalr.gateway.support.TestApps;
import dev.scalr.gateway.keys.KeySet;
import dev.scalr.gateway.support.MutableClock;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.app.App;
import dev.scalr.gateway.keys.AppKeys;
import dev.scalr.gateway.dev.authentik.Tokens;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The cache may only ever answer "verified" for the very token that verified, while its exp and its key last. */
class TokenCacheTest {

    private static final Instant NOW = Instant.parse("2026-11-29T03:00:00Z");
    private static final SigningKey KEY = SigningKey.rsa();
    private static final SigningKey NEXT = SigningKey.rsa();
    private static final KeySet WITH_KEY = keys(KEY);
    private static final KeySet ROTATED = keys(NEXT);

    private final MutableClock clock = new MutableClock();
    private final TokenCache cache = new TokenCache(3, clock);

    TokenCacheTest() {
        clock.set(NOW);
    }

    private static KeySet keys(SigningKey... keys) {
        try {
            return KeySet.parse(SigningKey.jwks(keys));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Verification.Verified verified(String user, Instant exp) {
        return new Verification.Verified(new Identity(user, user, user + "@example.com", user, List.of("staff"), exp),
                WITH_KEY.find(KEY.kid()).thumbprint(), null);
    }

    private Verification.Verified store(String token, Instant exp) {
        Verification.Verified entry = verified(token, exp);
        cache.put(cache.keyOf(token), entry);
        return entry;
    }

    @Test
    void verifiedTokenIsAnsweredFromTheCache() {
        Verification.Verified entry = store("token-a", NOW.plusSeconds(60));
        assertSame(entry, cache.get(cache.keyOf("token-a"), WITH_KEY));
        assertEquals(1, cache.hits());
    }

    @Test
    void anyOtherTokenMissesEvenOneCharacterApart() {
        store("header.payload.signature", NOW.plusSeconds(60));
        assertNull(cache.get(cache.keyOf("header.payload.signaturf"), WITH_KEY));
        assertNull(cache.get(cache.keyOf("header.payload."), WITH_KEY));
        assertNotEquals(TokenCache.hash("header.payload.signature"), TokenCache.hash("header.payload.signaturf"));
    }

    @Test
    void entryIsNotServedFromTheTokensExpOn() {
        store("token-a", NOW.plusSeconds(60));
        clock.set(NOW.plusSeconds(59));
        assertEquals("token-a", cache.get(cache.keyOf("token-a"), WITH_KEY).identity().username());
        clock.set(NOW.plusSeconds(60));
        assertNull(cache.get(cache.keyOf("token-a"), WITH_KEY));
        assertEquals(0, cache.size(), "the expired entry is dropped");
    }

    @Test
    void entryIsDroppedOnceItsSigningKeyLeavesTheKeySet() {
        store("token-a", NOW.plusSeconds(3600));
        assertNull(cache.get(cache.keyOf("token-a"), ROTATED));
        assertEquals(0, cache.size());
        // and it does not come back when the key reappears: the token must verify again
        assertNull(cache.get(cache.keyOf("token-a"), WITH_KEY));
    }

    @Test
    void fullCacheStaysWithinItsBound() {
        for (int i = 0; i < 50; i++) {
            store("token-" + i, NOW.plusSeconds(3600));
            assertTrue(cache.size() <= 3, "size " + cache.size() + " after " + (i + 1) + " tokens");
        }
        assertEquals(3, cache.size());
    }

    /**
     * W-TinyLFU (BoundedCache): a burst of one-off tokens (a login storm, a client minting a token per call) waits
     * in a small window and does not displace the tokens in steady use, as the FIFO before it did.
     */
    @Test
    void tokensInSteadyUseSurviveAStreamOfOneOffTokens() {
        TokenCache big = new TokenCache(100, clock);
        int misses = 0;
        for (int tick = 0; tick < 20; tick++) {
            // 50 clients each presenting their token once a tick, and 200 tokens never seen again
            for (int i = 0; i < 50; i++) {
                TokenCache.TokenHash key = big.keyOf("in-use-" + i);
                if (big.get(key, WITH_KEY) == null) {
                    misses++;
                    big.put(key, verified("in-use-" + i, NOW.plusSeconds(3600)));
                }
            }
            for (int i = 0; i < 200; i++) {
                big.put(big.keyOf("one-off-" + tick + "-" + i), verified("one-off", NOW.plusSeconds(3600)));
            }
            assertTrue(big.size() <= 100);
        }
        // a FIFO of 100 loses every in-use token each tick: 1,000 verifications (about 200 here)
        assertTrue(misses < 400, "verifications of the tokens in steady use: " + misses);
    }

    @Test
    void theLatestTokenIsAnsweredFromTheCacheEvenWhenFull() {
        for (int i = 0; i < 50; i++) {
            store("token-" + i, NOW.plusSeconds(3600));
        }
        store("the-latest", NOW.plusSeconds(3600));
        assertEquals("the-latest", cache.get(cache.keyOf("the-latest"), WITH_KEY).identity().username(),
                "a new token's next request is a hit: it waits in the window, not outside the cache");
    }

    /**
     * A token without kid verified by the only key of the set must not survive a rotation to another single key
     * without kid: the entry is bound to the key that verified it, not to the (absent) kid.
     */
    @Test
    void cachedTokenWithoutKidIsDroppedWhenTheOnlyKeyWithoutKidIsReplaced() {
        SigningKey before = SigningKey.rsa();
        SigningKey after = SigningKey.rsa();
        before.jwk().setKeyId(null);
        after.jwk().setKeyId(null);
        AtomicReference<SigningKey> published = new AtomicReference<>(before);
        App app = TestApps.apiApp("kidless");
        AppKeys keys = new AppKeys(app, url -> CompletableFuture.completedFuture(SigningKey.jwks(published.get())),
                Clock.systemUTC(), Duration.ofSeconds(30));
        keys.refresh();
        TokenVerifier verifier = new TokenVerifier(app, keys, 16384, Duration.ofSeconds(30), List.of("RS256"));
        TokenCache real = new TokenCache(10, Clock.systemUTC());
        String token = Tokens.forApp("kidless", null).signWith(before.jwk().getPrivateKey(), "RS256", null);

        Verification.Verified verified = assertInstanceOf(Verification.Verified.class, verifier.verify(token));
        real.put(real.keyOf(token), verified);
        assertNotNull(real.get(real.keyOf(token), keys.current()), "cached while its key is published");

        published.set(after);
        keys.refresh();
        assertNull(real.get(real.keyOf(token), keys.current()), "the key that verified it is gone");
        assertInstanceOf(Verification.Failed.class, verifier.verify(token), "and it does not verify any more");
    }

    @Test
    void disabledCacheRemembersNothing() {
        TokenCache off = new TokenCache(0, clock);
        assertNull(off.keyOf("token-a"));
        off.put(off.keyOf("token-a"), verified("token-a", NOW.plusSeconds(60)));
        assertNull(off.get(off.keyOf("token-a"), WITH_KEY));
        assertEquals(0, off.size());
        assertEquals(0, off.misses());
    }
}
