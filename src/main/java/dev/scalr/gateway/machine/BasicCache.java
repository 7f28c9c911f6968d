package dev.scalr.gateway.machine;

import dev.scalr.gateway.machine.CredentialHashes.CredentialHash;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What the Basic credentials of one app came to, by keyed hash: a success until its ID token expires, a refusal
 * briefly. Exchanges in flight are shared, so a burst of requests with one new credential costs one exchange.
 * Bounded like the token cache: when full, expired entries go first, then everything.
 */
final class BasicCache {

    private record Entry(BasicOutcome outcome, Instant expiresAt) {
    }

    private final Map<CredentialHash, Entry> entries = new ConcurrentHashMap<>();
    private final Map<CredentialHash, CompletableFuture<BasicOutcome>> inFlight = new ConcurrentHashMap<>();
    private final int maxSize;
    private final Clock clock;

    BasicCache(int maxSize, Clock clock) {
        this.maxSize = maxSize;
        this.clock = clock;
    }

    /** The remembered outcome, or null when there is none or it expired. */
    BasicOutcome get(CredentialHash key) {
        Entry entry = entries.get(key);
        if (entry == null) {
            return null;
        }
        if (!clock.instant().isBefore(entry.expiresAt())) {
            entries.remove(key, entry);
            return null;
        }
        return entry.outcome();
    }

    void put(CredentialHash key, BasicOutcome outcome, Instant expiresAt) {
        if (maxSize == 0 || !clock.instant().isBefore(expiresAt)) {
            return;
        }
        if (entries.size() >= maxSize) {
            Instant now = clock.instant();
            entries.values().removeIf(e -> !now.isBefore(e.expiresAt()));
            if (entries.size() >= maxSize) {
                entries.clear();
            }
        }
        entries.put(key, new Entry(outcome, expiresAt));
    }

    /**
     * Joins the exchange in flight for this credential, or starts one. Each caller gets its own view: a caller
     * that is cancelled cannot cancel the exchange the others wait on.
     */
    CompletionStage<BasicOutcome> shared(CredentialHash key, Supplier<CompletionStage<BasicOutcome>> exchange) {
        CompletableFuture<BasicOutcome> mine = new CompletableFuture<>();
        CompletableFuture<BasicOutcome> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return running.thenApply(outcome -> outcome);
        }
        CompletionStage<BasicOutcome> started;
        try {
            started = exchange.get();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e); // never leave a future in flight that nobody completes
        }
        started.whenComplete((outcome, error) -> {
            inFlight.remove(key, mine);
            if (error != null) {
                mine.completeExceptionally(error);
            } else {
                mine.complete(outcome);
            }
        });
        return mine.thenApply(outcome -> outcome);
    }

    int size() {
        return entries.size();
    }
}
