package dev.scalr.gateway.session;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * This replica's copies of stored sessions, each trusted until a time {@link Sessions} picks and never past the
 * session's absolute end (gateway.session.max-age after sign-in). A copy that expired is gone, and the copies
 * are bounded like the token cache (W-TinyLFU): a copy dropped early costs one store read, never a wrong answer.
 * Time is the injected clock's, so expiry follows the same clock as every other session rule.
 */
final class LocalCopies {

    private record Copy(SessionRecord record, long until) {
    }

    private final Cache<String, Copy> copies;
    private final Clock clock;

    LocalCopies(int capacity, Clock clock) {
        this.clock = clock;
        this.copies = Caffeine.newBuilder()
                .maximumSize(capacity)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                .expireAfter(Expiry.<String, Copy>writing((id, copy) -> Duration.ofMillis(Math.max(0, copy.until() - clock.millis()))))
                .executor(Runnable::run) // maintenance on the calling thread: no pool thread wakes up per request
                .build();
    }

    /** The copy of this session for this app while it is trusted; null otherwise. */
    SessionRecord get(String id, String app) {
        Copy copy = copies.getIfPresent(id);
        if (copy == null || clock.millis() >= copy.until() || !copy.record().app().equals(app)) {
            return null;
        }
        return copy.record();
    }

    /** Keeps the copy until {@code until} (epoch millis), or the session's absolute end if that comes first. */
    SessionRecord put(SessionRecord record, long until) {
        copies.put(record.id(), new Copy(record, Math.min(until, record.expiresAt() * 1000)));
        return record;
    }

    void remove(String id) {
        copies.invalidate(id);
    }

    /** Drops the copies whose session matches (back-channel logout: a scan is fine). */
    void removeIf(Predicate<SessionRecord> matching) {
        copies.asMap().values().removeIf(copy -> matching.test(copy.record()));
    }

    /** Copies held, after pending expiry and eviction. */
    int size() {
        copies.cleanUp();
        return (int) copies.estimatedSize();
    }
}
