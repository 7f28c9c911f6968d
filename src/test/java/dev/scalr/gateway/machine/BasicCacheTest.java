package dev.scalr.gateway.machine;

import dev.scalr.gateway.machine.CredentialHashes.CredentialHash;
import dev.scalr.gateway.support.MutableClock;
import dev.scalr.gateway.token.Identity;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The memory of Basic credentials: keyed, bounded, never past its expiry, one exchange per credential at a time. */
class BasicCacheTest {

    static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    final MutableClock clock = new MutableClock();
    final CredentialHashes hashes = new CredentialHashes();

    BasicCacheTest() {
        clock.set(NOW);
    }

    static BasicOutcome verified(Instant exp) {
        return new BasicOutcome.Verified(new Identity("s", "u", "e", "n", List.of(), exp), "id.token.x", "valid_app_password");
    }

    @Test
    void anOutcomeIsForgottenWhenItExpires() {
        BasicCache cache = new BasicCache(10, clock);
        CredentialHash key = hashes.of("bot", "pw");
        BasicOutcome success = verified(NOW.plusSeconds(300));
        cache.put(key, success, NOW.plusSeconds(300));
        clock.set(NOW.plusSeconds(299));
        assertSame(success, cache.get(key));
        clock.set(NOW.plusSeconds(300));
        assertNull(cache.get(key));
        assertEquals(0, cache.size());
    }

    @Test
    void whenFullExpiredEntriesGoFirstThenEverything() {
        BasicCache cache = new BasicCache(2, clock);
        cache.put(hashes.of("a", "1"), verified(NOW.plusSeconds(10)), NOW.plusSeconds(10));
        cache.put(hashes.of("b", "1"), verified(NOW.plusSeconds(100)), NOW.plusSeconds(100));
        clock.set(NOW.plusSeconds(20));
        cache.put(hashes.of("c", "1"), verified(NOW.plusSeconds(100)), NOW.plusSeconds(100));
        assertEquals(2, cache.size(), "the expired entry made room");
        cache.put(hashes.of("d", "1"), verified(NOW.plusSeconds(100)), NOW.plusSeconds(100));
        assertEquals(1, cache.size(), "nothing expired: cleared, then stored");
    }

    @Test
    void concurrentCallersShareOneExchangeAndTheNextCallerStartsAnother() {
        BasicCache cache = new BasicCache(10, clock);
        CredentialHash key = hashes.of("bot", "pw");
        AtomicInteger exchanges = new AtomicInteger();
        CompletableFuture<BasicOutcome> answer = new CompletableFuture<>();
        CompletionStage<BasicOutcome> first = cache.shared(key, () -> {
            exchanges.incrementAndGet();
            return answer;
        });
        CompletionStage<BasicOutcome> second = cache.shared(key, () -> {
            exchanges.incrementAndGet();
            return new CompletableFuture<>();
        });
        second.toCompletableFuture().cancel(true); // a caller that gives up does not cancel the others' exchange
        BasicOutcome success = verified(NOW.plusSeconds(60));
        answer.complete(success);
        assertSame(success, first.toCompletableFuture().join());
        assertEquals(1, exchanges.get());
        cache.shared(key, () -> {
            exchanges.incrementAndGet();
            return CompletableFuture.completedFuture(success);
        });
        assertEquals(2, exchanges.get(), "finished exchanges are not shared: the cache answers those");
    }

    @Test
    void anExchangeThatThrowsIsNotLeftInFlight() {
        BasicCache cache = new BasicCache(10, clock);
        CredentialHash key = hashes.of("bot", "pw");
        CompletionStage<BasicOutcome> failed = cache.shared(key, () -> {
            throw new IllegalStateException("client not built");
        });
        assertTrue(failed.toCompletableFuture().isCompletedExceptionally());
        BasicOutcome success = verified(NOW.plusSeconds(60));
        assertSame(success, cache.shared(key, () -> CompletableFuture.completedFuture(success)).toCompletableFuture().join());
    }

    @Test
    void theKeyDependsOnUserAndPasswordAndOnTheProcess() {
        assertEquals(hashes.of("bot", "pw"), hashes.of("bot", "pw"));
        assertNotEquals(hashes.of("ab", "c"), hashes.of("a", "bc"));
        assertNotEquals(hashes.of("bot", "pw"), hashes.of("bot", "pw2"));
        assertNotEquals(hashes.of("bot", "pw"), new CredentialHashes().of("bot", "pw"), "a per-process key");
    }

    @Test
    void anAddressOverTheLimitIsRefusedUntilItsWindowEnds() {
        FailureLimiter limiter = new FailureLimiter(2, Duration.ofMinutes(1), clock);
        fail(limiter, "203.0.113.9");
        assertFalse(limiter.refused("203.0.113.9"));
        fail(limiter, "203.0.113.9");
        assertTrue(limiter.refused("203.0.113.9"));
        assertFalse(limiter.refused("203.0.113.10"));
        clock.set(NOW.plusSeconds(60));
        assertFalse(limiter.refused("203.0.113.9"));
        fail(limiter, "203.0.113.9");
        assertFalse(limiter.refused("203.0.113.9"), "a new window counts from one");
    }

    @Test
    void theLimiterStaysBounded() {
        FailureLimiter limiter = new FailureLimiter(1, Duration.ofMinutes(1), clock);
        for (int i = 0; i <= FailureLimiter.MAX_ADDRESSES; i++) {
            fail(limiter, "10.0." + (i / 256) + "." + (i % 256));
        }
        assertTrue(limiter.refused("10.0." + (FailureLimiter.MAX_ADDRESSES / 256) + "." + (FailureLimiter.MAX_ADDRESSES % 256)));
        assertFalse(limiter.refused("10.0.0.0"), "over the bound, the oldest windows were dropped");
    }

    private static void fail(FailureLimiter limiter, String address) {
        assertTrue(limiter.tryStart(address), address);
        limiter.finished(address, true);
    }

    @Test
    void exchangesInFlightTakePlacesUntilTheyFinish() {
        FailureLimiter limiter = new FailureLimiter(2, Duration.ofMinutes(1), clock);
        assertTrue(limiter.tryStart("203.0.113.9"));
        assertTrue(limiter.tryStart("203.0.113.9"));
        assertFalse(limiter.tryStart("203.0.113.9"), "two in flight with max 2");
        assertFalse(limiter.refused("203.0.113.9"), "no failure yet");
        limiter.finished("203.0.113.9", false);
        assertTrue(limiter.tryStart("203.0.113.9"), "a success gives its place back");
        limiter.finished("203.0.113.9", true);
        limiter.finished("203.0.113.9", true);
        assertTrue(limiter.refused("203.0.113.9"));
    }

    @Test
    void ipv6AddressesShareTheirSlash64AndIpv4TheirAddress() {
        assertEquals("2001:db8:aa:1::/64", FailureLimiter.key("2001:db8:aa:1:ffff::99"));
        assertEquals(FailureLimiter.key("2001:db8:aa:1::1"), FailureLimiter.key("2001:0db8:00aa:0001:0:0:0:2"));
        assertEquals("192.0.2.44", FailureLimiter.key("192.0.2.44"));
        assertEquals("192.0.2.44", FailureLimiter.key("::ffff:192.0.2.44").replace("::ffff:", ""));
        assertEquals("-", FailureLimiter.key(""));
    }
}
