package dev.scalr.gateway.machine;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refused Basic credentials per source address, for one app: after max failures within the window, the address
 * is refused (401 too_many_failures, no exchange, whatever it sends) until the window ends. Bounded: when full,
 * ended windows go first, then everything (an attacker needs that many addresses to reset it).
 */
final class FailureLimiter {

    static final int MAX_ADDRESSES = 10_000;

    private record Window(long startMillis, int failures) {
    }

    private final Map<String, Window> windows = new ConcurrentHashMap<>();
    private final int maxFailures;
    private final long windowMillis;
    private final Clock clock;

    FailureLimiter(int maxFailures, Duration window, Clock clock) {
        this.maxFailures = maxFailures;
        this.windowMillis = window.toMillis();
        this.clock = clock;
    }

    boolean refused(String address) {
        Window window = windows.get(key(address));
        return window != null && window.failures() >= maxFailures
                && clock.millis() - window.startMillis() < windowMillis;
    }

    void failed(String address) {
        long now = clock.millis();
        if (windows.size() >= MAX_ADDRESSES) {
            windows.values().removeIf(w -> now - w.startMillis() >= windowMillis);
            if (windows.size() >= MAX_ADDRESSES) {
                windows.clear();
            }
        }
        windows.compute(key(address), (a, w) -> w == null || now - w.startMillis() >= windowMillis
                ? new Window(now, 1) : new Window(w.startMillis(), w.failures() + 1));
    }

    /** No address known (no X-Forwarded-For): all such requests share one window. */
    private static String key(String address) {
        return address == null ? "-" : address;
    }
}
