package dev.scalr.gateway.machine;

import dev.scalr.gateway.forward.ClientAddresses;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Refused Basic credentials per source address, for one app, counting attempts as they start: an address may have
 * at most max failures within the window plus exchanges in flight, so a burst of guesses costs Authentik at most
 * max exchanges. Over the limit the address is refused (401 too_many_failures, no exchange) until the window ends.
 * IPv6 addresses count per /64 (one host usually holds a whole /64). Bounded: when full, idle ended windows go
 * first, then everything (an attacker needs that many addresses to reset it).
 */
final class FailureLimiter {

    static final int MAX_ADDRESSES = 10_000;

    private record Window(long startMillis, int failures, int inFlight) {
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

    /** The address reached max failures within the window (exchanges in flight not counted). */
    boolean refused(String address) {
        Window window = windows.get(key(address));
        return window != null && failures(window, clock.millis()) >= maxFailures;
    }

    /** Takes a place for one exchange; false when failures and exchanges in flight already reach max. */
    boolean tryStart(String address) {
        long now = clock.millis();
        bound(now);
        boolean[] started = {false};
        windows.compute(key(address), (a, w) -> {
            Window current = w == null ? new Window(now, 0, 0) : ended(w, now) ? new Window(now, 0, w.inFlight()) : w;
            if (current.failures() + current.inFlight() >= maxFailures) {
                return current;
            }
            started[0] = true;
            return new Window(current.startMillis(), current.failures(), current.inFlight() + 1);
        });
        return started[0];
    }

    /** Gives the place back; a refused credential (Authentik's invalid_grant) counts as a failure. */
    void finished(String address, boolean failed) {
        long now = clock.millis();
        windows.computeIfPresent(key(address), (a, w) -> {
            Window current = ended(w, now) ? new Window(now, 0, w.inFlight()) : w;
            return new Window(current.startMillis(), current.failures() + (failed ? 1 : 0),
                    Math.max(0, current.inFlight() - 1));
        });
    }

    private int failures(Window window, long now) {
        return ended(window, now) ? 0 : window.failures();
    }

    private boolean ended(Window window, long now) {
        return now - window.startMillis() >= windowMillis;
    }

    private void bound(long now) {
        if (windows.size() >= MAX_ADDRESSES) {
            windows.values().removeIf(w -> ended(w, now) && w.inFlight() == 0);
            if (windows.size() >= MAX_ADDRESSES) {
                windows.clear();
            }
        }
    }

    /** IPv4 as it is, IPv6 by its /64; no address known (nothing forwarded): all such requests share one window. */
    static String key(String address) {
        if (address == null || address.isEmpty()) {
            return "-";
        }
        return ClientAddresses.network64(address);
    }
}
