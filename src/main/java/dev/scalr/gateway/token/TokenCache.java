package dev.scalr.gateway.token;

import dev.scalr.gateway.keys.KeySet;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.concurrent.atomic.LongAdder;

/**
 * Remembers tokens that verified, so a token is checked cryptographically once, not on every request.
 * Keyed by a SHA-256 of the whole token (never the token itself); an entry never outlives the token's exp
 * and is dropped once the key that verified it (by JWK thumbprint, not by kid) leaves the key set. Bounded by
 * {@link BoundedCache}: tokens in steady use stay when a stream of one-off tokens passes through.
 */
public final class TokenCache {

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private final BoundedCache<TokenHash, Verification.Verified> entries;
    private final int maxSize;
    private final Clock clock;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public TokenCache(int maxSize, Clock clock) {
        this.maxSize = maxSize;
        this.clock = clock;
        this.entries = new BoundedCache<>(maxSize);
    }

    /** The token's cache key, hashed once per request and used for both lookup and store; null when off. */
    public TokenHash keyOf(String token) {
        return maxSize == 0 ? null : hash(token);
    }

    public Verification.Verified get(TokenHash key, KeySet keys) {
        if (key == null || maxSize == 0) {
            return null;
        }
        Verification.Verified hit = entries.get(key);
        if (hit == null) {
            misses.increment();
            return null;
        }
        if (!clock.instant().isBefore(hit.identity().expiresAt()) || !keys.holds(hit.keyThumbprint())) {
            entries.remove(key, hit);
            misses.increment();
            return null;
        }
        hits.increment();
        return hit;
    }

    public void put(TokenHash key, Verification.Verified verified) {
        if (key != null && maxSize > 0) {
            entries.put(key, verified);
        }
    }

    /** Lookups answered from the cache (metrics); a disabled cache counts nothing. */
    public long hits() {
        return hits.sum();
    }

    /** Lookups that had to verify (metrics). */
    public long misses() {
        return misses.sum();
    }

    public int size() {
        return entries.size();
    }

    /**
     * Injective on what can hit: a cached token is canonical base64url, and ISO-8859-1 maps every char outside
     * that alphabet to a byte outside it ('?' for chars above 0xFF), so only the very same string can hit (a cache
     * hit skips the syntax scan, see BearerTokens). Do not "optimise" this into a copy of the chars' low bytes.
     */
    static TokenHash hash(String token) {
        ByteBuffer digest = ByteBuffer.wrap(SHA256.get().digest(token.getBytes(StandardCharsets.ISO_8859_1)));
        return new TokenHash(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
    }

    /** All 256 bits of the digest, as a key that hashes and compares without a string copy. */
    public record TokenHash(long a, long b, long c, long d) {
        @Override
        public int hashCode() {
            return (int) (a ^ (a >>> 32)); // already uniformly distributed; the record default mixes all four
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof TokenHash h && a == h.a && b == h.b && c == h.c && d == h.d;
        }
    }
}
