package dev.scalr.gateway.health;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One probe in flight, shared by every caller; a finished result reused for max-age; a failure never reused. */
class ProbeCacheTest {

    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final List<CompletableFuture<String>> runs = new ArrayList<>();

    private ProbeCache<String> cache(Duration maxAge) {
        return new ProbeCache<>(maxAge, nanos::get, () -> {
            CompletableFuture<String> run = new CompletableFuture<>();
            runs.add(run);
            return run;
        });
    }

    @Test
    void callersDuringARunShareIt() {
        ProbeCache<String> cache = cache(Duration.ofSeconds(10));
        List<CompletionStage<String>> callers = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            callers.add(cache.get());
        }
        assertEquals(1, runs.size());
        runs.get(0).complete("report");
        callers.forEach(caller -> assertEquals("report", caller.toCompletableFuture().join()));
    }

    @Test
    void aCallerCancellingDoesNotCancelTheProbeOthersShare() {
        ProbeCache<String> cache = cache(Duration.ofSeconds(10));
        CompletionStage<String> impatient = cache.get();
        CompletionStage<String> patient = cache.get();
        // what Mutiny's Uni.createFrom().completionStage does when its health request is cancelled
        impatient.toCompletableFuture().cancel(false);
        runs.get(0).complete("report");
        assertEquals("report", patient.toCompletableFuture().join());
        assertEquals("report", cache.get().toCompletableFuture().join());
        assertEquals(1, runs.size());
    }

    @Test
    void finishedResultIsReusedUntilMaxAgeThenRunsAgain() {
        ProbeCache<String> cache = cache(Duration.ofSeconds(10));
        cache.get();
        runs.get(0).complete("report-1");
        nanos.addAndGet(Duration.ofSeconds(9).toNanos());
        assertEquals("report-1", cache.get().toCompletableFuture().join());
        assertEquals(1, runs.size());
        nanos.addAndGet(Duration.ofSeconds(2).toNanos());
        cache.get();
        assertEquals(2, runs.size(), "older than max-age: probed again");
    }

    @Test
    void maxAgeZeroStillSharesTheRunInFlight() {
        ProbeCache<String> cache = cache(Duration.ZERO);
        cache.get();
        cache.get();
        assertEquals(1, runs.size());
        runs.get(0).complete("done");
        cache.get();
        assertEquals(2, runs.size());
    }

    @Test
    void failedRunIsNotReused() {
        ProbeCache<String> cache = cache(Duration.ofSeconds(10));
        cache.get();
        runs.get(0).completeExceptionally(new IllegalStateException("boom"));
        assertTrue(cache.get().toCompletableFuture().isDone() == false);
        assertEquals(2, runs.size());
    }
}
