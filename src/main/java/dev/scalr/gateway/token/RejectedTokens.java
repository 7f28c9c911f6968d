package dev.scalr.gateway.token;

import dev.scalr.gateway.keys.KeySet;
import dev.scalr.gateway.token.TokenCache.TokenHash;
import dev.scalr.gateway.token.Verification.Failed;

import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * Remembers, briefly, tokens that failed verification (by the same SHA-256 as the token cache), so a client
 * retrying one bad token does not cost a signature check or a parse each time. Only failures that the same
 * token cannot outgrow within the lifetime of an entry are kept (a bad signature, expired, wrong issuer or
 * audience, malformed claims); a token waiting for keys or for its nbf is always checked again. An entry is
 * bound to the key set it was judged against: any key fetch that changes the set forgets it. Bounded like the
 * token cache ({@link BoundedCache}).
 */
public final class RejectedTokens {

    private static final Set<TokenFailure> LASTING = EnumSet.of(TokenFailure.BAD_SIGNATURE, TokenFailure.EXPIRED,
            TokenFailure.WRONG_ISSUER, TokenFailure.WRONG_AUDIENCE, TokenFailure.MISSING_CLAIM, TokenFailure.MALFORMED,
            TokenFailure.ALGORITHM);

    private record Rejection(Failed failed, KeySet judgedWith, long untilMillis) {
    }

    private final BoundedCache<TokenHash, Rejection> entries;
    private final int maxSize;
    private final long ttlMillis;
    private final Clock clock;
    private final LongAdder hits = new LongAdder();

    /** @param maxSize 0 turns it off */
    public RejectedTokens(int maxSize, Duration ttl, Clock clock) {
        this.maxSize = maxSize;
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
        this.entries = new BoundedCache<>(maxSize);
    }

    public boolean enabled() {
        return maxSize > 0 && ttlMillis > 0;
    }

    /** The failure this very token got recently against these keys, or null. */
    public Failed get(TokenHash key, KeySet keys) {
        if (key == null || !enabled()) {
            return null;
        }
        Rejection known = entries.get(key);
        if (known == null) {
            return null;
        }
        if (clock.millis() >= known.untilMillis() || !known.judgedWith().equals(keys)) {
            entries.remove(key, known);
            return null;
        }
        hits.increment();
        return known.failed();
    }

    public void put(TokenHash key, Failed failed, KeySet judgedWith) {
        if (key != null && enabled() && LASTING.contains(failed.failure())) {
            entries.put(key, new Rejection(failed, judgedWith, clock.millis() + ttlMillis));
        }
    }

    /** Requests answered from memory (metrics). */
    public long hits() {
        return hits.sum();
    }

    public int size() {
        return entries.size();
    }
}
