package dev.scalr.gateway.health;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * At most one probe in flight, its result shared by every caller meanwhile and reused until it is older
 * than max-age; a failed probe is not reused. Keeps an open health endpoint from multiplying into requests
 * to Authentik.
 */
final class ProbeCache<T> {

    private static final class Run<T> {
        final CompletableFuture<T> result = new CompletableFuture<>();
        // written before result completes, read after isDone(): the future orders them
        volatile long finishedAt;
        volatile boolean succeeded;
    }

    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private final Supplier<CompletionStage<T>> probe;
    private final AtomicReference<Run<T>> current = new AtomicReference<>();

    /** @param nanoTime a monotonic clock (System::nanoTime) */
    ProbeCache(Duration maxAge, LongSupplier nanoTime, Supplier<CompletionStage<T>> probe) {
        this.maxAgeNanos = Math.max(0, maxAge.toNanos());
        this.nanoTime = nanoTime;
        this.probe = probe;
    }

    /**
     * A view per caller: its toCompletableFuture() is a copy, so a caller that cancels (Mutiny does when a
     * health request goes away) cancels only its own view, never the probe the others share.
     */
    CompletionStage<T> get() {
        while (true) {
            Run<T> run = current.get();
            if (run != null && (!run.result.isDone() || fresh(run))) {
                return run.result.minimalCompletionStage();
            }
            Run<T> mine = new Run<>();
            if (current.compareAndSet(run, mine)) {
                start(mine);
                return mine.result.minimalCompletionStage();
            }
        }
    }

    private boolean fresh(Run<T> run) {
        return run.succeeded && nanoTime.getAsLong() - run.finishedAt < maxAgeNanos;
    }

    private void start(Run<T> run) {
        CompletionStage<T> stage;
        try {
            stage = probe.get();
        } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
        }
        stage.whenComplete((value, error) -> {
            run.finishedAt = nanoTime.getAsLong();
            run.succeeded = error == null;
            if (error != null) {
                run.result.completeExceptionally(error);
            } else {
                run.result.complete(value);
            }
        });
    }
}
