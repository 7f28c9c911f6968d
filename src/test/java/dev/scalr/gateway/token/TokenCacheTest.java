package dev.scalr.gateway.token;

import dev.scalr.gateway.keys.KeySet;
import dev.scalr.gateway.support.MutableClock;
import dev.scalr.gateway.support.SigningKey;
import dev.scalr.gateway.app.App;
import dev.scalr.gateway.keys.AppKeys;
import dev.scalr.gateway.support.Tokens;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
    void fullCacheEvictsTheOldestEntryOneAtATime() {
        store("token-a", NOW.plusSeconds(3600));
        store("token-b", NOW.plusSeconds(3600));
        store("token-c", NOW.plusSeconds(3600));
        store("token-d", NOW.plusSeconds(3600)); // full: only the oldest entry makes room
        assertEquals(3, cache.size());
        assertNull(cache.get(cache.keyOf("token-a"), WITH_KEY));
        for (String kept : List.of("token-b", "token-c", "token-d")) {
            assertEquals(kept, cache.get(cache.keyOf(kept), WITH_KEY).identity().username());
        }
        store("token-e", NOW.plusSeconds(3600));
        assertEquals(3, cache.size(), "never grows past the bound");
        assertNull(cache.get(cache.keyOf("token-b"), WITH_KEY));
        assertEquals("token-c", cache.get(cache.keyOf("token-c"), WITH_KEY).identity().username());
    }

    @Test
    void manyVariantsOfTokensNeverEmptyTheCache() {
        TokenCache big = new TokenCache(100, clock);
        big.put(big.keyOf("the-real-token"), verified("the-real-token", NOW.plusSeconds(3600)));
        for (int i = 0; i < 99; i++) {
            big.put(big.keyOf("other-" + i), verified("other-" + i, NOW.plusSeconds(3600)));
        }
        big.put(big.keyOf("one-more"), verified("one-more", NOW.plusSeconds(3600)));
        assertEquals(100, big.size());
        assertNull(big.get(big.keyOf("the-real-token"), WITH_KEY), "the oldest went");
        assertEquals("other-0", big.get(big.keyOf("other-0"), WITH_KEY).identity().username());
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
        App app = Tokens.apiApp("kidless");
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
