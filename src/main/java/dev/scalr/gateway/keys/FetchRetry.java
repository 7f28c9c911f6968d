package dev.scalr.gateway.keys;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * Scheduled fetches of one app's keys, retried after a failure at 1 s, 2 s, 4 s, ... up to the unknown-kid
 * cooldown (the rate the operator already allows per app) until one succeeds. One retry chain at a time:
 * a scheduled refresh that fails while a chain runs does not start a second one.
 */
public final class FetchRetry {

    static final Duration FIRST_DELAY = Duration.ofSeconds(1);

    private final AppKeys keys;
    private final Duration maxDelay;
    private final BiConsumer<Duration, Runnable> timer;
    private final AtomicBoolean retrying = new AtomicBoolean();
    private volatile boolean stopped;

    /** @param timer runs the task once after the delay (a Vert.x timer) */
    public FetchRetry(AppKeys keys, Duration maxDelay, BiConsumer<Duration, Runnable> timer) {
        this.keys = keys;
        this.maxDelay = maxDelay.compareTo(FIRST_DELAY) < 0 ? FIRST_DELAY : maxDelay;
        this.timer = timer;
    }

    /** A scheduled fetch (startup, period): skipped while a retry chain is already at work. */
    public void fetch() {
        if (!retrying.get()) {
            attempt(FIRST_DELAY);
        }
    }

    public void stop() {
        stopped = true;
    }

    private void attempt(Duration delay) {
        if (stopped) {
            return;
        }
        keys.refresh().thenRun(() -> {
            if (stopped || keys.status().lastError().isEmpty()) {
                retrying.set(false);
                return;
            }
            retrying.set(true);
            Duration next = delay.multipliedBy(2).compareTo(maxDelay) > 0 ? maxDelay : delay.multipliedBy(2);
            timer.accept(delay, () -> attempt(next));
        });
    }
}
