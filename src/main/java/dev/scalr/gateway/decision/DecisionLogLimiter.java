package dev.scalr.gateway.decision;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Bounds the denial lines of the decision log: per app and reason, at most {@code burst} lines per window; the
 * rest are only counted, and each window that dropped some ends in one summary line. A flood of forged tokens
 * then costs a counter increment per request instead of a formatted, synchronously written line, while every
 * distinct kind of denial still reaches the log. Keys are bounded (declared apps × the code's fixed reasons).
 */
final class DecisionLogLimiter {

    /** A window that dropped lines: what its summary line says. */
    record Summary(String app, String reason, long suppressed, long windowMillis) {
    }

    private record Key(String app, String reason) {
    }

    private static final class Window {
        long start;
        int written;
        long suppressed;
    }

    private final int burst;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final Map<Key, Window> windows = new ConcurrentHashMap<>();

    /** @param burst 0 = no limit */
    DecisionLogLimiter(int burst, java.time.Duration window, LongSupplier nanoClock) {
        this.burst = burst;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
    }

    static DecisionLogLimiter unlimited() {
        return new DecisionLogLimiter(0, java.time.Duration.ofSeconds(10), System::nanoTime);
    }

    /**
     * Whether this denial's line may be written. When its window has just ended with lines dropped, the summary
     * to write first is handed to {@code summaries}.
     */
    boolean admit(String app, String reason, List<Summary> summaries) {
        if (burst <= 0) {
            return true;
        }
        Key key = new Key(app, reason);
        Window window = windows.get(key);
        if (window == null) {
            window = windows.computeIfAbsent(key, k -> newWindow());
        }
        long now = nanoClock.getAsLong();
        synchronized (window) {
            if (now - window.start >= windowNanos) {
                close(key, window, now, summaries);
            }
            if (window.written < burst) {
                window.written++;
                return true;
            }
            window.suppressed++;
            return false;
        }
    }

    /** Ends every window that is over (called periodically, so a flood that stopped is still summed up). */
    List<Summary> expired() {
        List<Summary> summaries = new ArrayList<>();
        if (burst <= 0) {
            return summaries;
        }
        long now = nanoClock.getAsLong();
        windows.forEach((key, window) -> {
            synchronized (window) {
                if (now - window.start >= windowNanos) {
                    close(key, window, now, summaries);
                }
            }
        });
        return summaries;
    }

    private void close(Key key, Window window, long now, List<Summary> summaries) {
        if (window.suppressed > 0) {
            summaries.add(new Summary(key.app(), key.reason(), window.suppressed, (now - window.start) / 1_000_000));
        }
        window.start = now;
        window.written = 0;
        window.suppressed = 0;
    }

    private Window newWindow() {
        Window window = new Window();
        window.start = nanoClock.getAsLong();
        return window;
    }

    long windowMillis() {
        return windowNanos / 1_000_000;
    }
}
