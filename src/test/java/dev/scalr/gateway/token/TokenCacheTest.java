package dev.scalr.gateway.token;

import dev.scalr.gateway.keys.KeySet;
import dev.scalr.gateway.support.MutableClock;
import dev.scalr.gateway.support.SigningKey;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
                KEY.kid(), null);
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
    void fullCacheDropsExpiredEntriesFirstThenEverything() {
        store("soon-expired", NOW.plusSeconds(10));
        store("token-b", NOW.plusSeconds(3600));
        store("token-c", NOW.plusSeconds(3600));
        clock.set(NOW.plusSeconds(20));
        store("token-d", NOW.plusSeconds(3600)); // full: the expired one makes room
        assertEquals(3, cache.size());
        assertNull(cache.get(cache.keyOf("soon-expired"), WITH_KEY));
        assertEquals("token-b", cache.get(cache.keyOf("token-b"), WITH_KEY).identity().username());

        store("token-e", NOW.plusSeconds(3600)); // full, nothing expired: start over, never grow past the bound
        assertEquals(1, cache.size());
        assertEquals("token-e", cache.get(cache.keyOf("token-e"), WITH_KEY).identity().username());
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
