package dev.scalr.gateway.keys;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * Scheduled fetches of one app's keys, retried after a failure at 1 s, 2 s, 4 s, ... up to the unknown-kid
 * cooldown (the rate the operator already allows per app) until one succeeds. One chain at a time: a
 * scheduled fetch that comes while an earlier one is still running or retrying is skipped.
 */
public final class FetchRetry {

    static final Duration FIRST_DELAY = Duration.ofSeconds(1);

    private final AppKeys keys;
    private final Duration maxDelay;
    private final BiConsumer<Duration, Runnable> timer;
    private final AtomicBoolean active = new AtomicBoolean();
    private volatile boolean stopped;

    /** @param timer runs the task once after the delay (a Vert.x timer) */
    public FetchRetry(AppKeys keys, Duration maxDelay, BiConsumer<Duration, Runnable> timer) {
        this.keys = keys;
        this.maxDelay = maxDelay.compareTo(FIRST_DELAY) < 0 ? FIRST_DELAY : maxDelay;
        this.timer = timer;
    }

    /** A scheduled fetch (startup, period): skipped while an earlier one is still at work. */
    public void fetch() {
        if (active.compareAndSet(false, true)) {
            attempt(FIRST_DELAY);
        }
    }

    public void stop() {
        stopped = true;
    }

    private void attempt(Duration delay) {
        if (stopped) {
            active.set(false);
            return;
        }
        keys.refresh().thenRun(() -> {
            if (stopped || keys.status().lastError().isEmpty()) {
                active.set(false);
                return;
            }
            Duration doubled = delay.multipliedBy(2);
            Duration next = doubled.compareTo(maxDelay) > 0 ? maxDelay : doubled;
            timer.accept(delay, () -> attempt(next));
        });
    }
}
