package dev.scalr.gateway.keys;

import dev.scalr.gateway.support.TestApps;
import dev.scalr.gateway.app.App;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FetchRetryTest {

    private static final App APP = TestApps.apiApp("wiki");
    private static final String JWKS = SigningKey.jwks(SigningKey.rsa());

    private final AtomicInteger failuresLeft = new AtomicInteger();
    private final AtomicInteger fetches = new AtomicInteger();
    private final List<Duration> delays = new ArrayList<>();
    private final Deque<Runnable> timers = new ArrayDeque<>();
    private final AppKeys keys = new AppKeys(APP, this::fetch, Clock.systemUTC(), Duration.ofSeconds(30));
    private final FetchRetry retry = new FetchRetry(keys, Duration.ofSeconds(30), (delay, task) -> {
        delays.add(delay);
        timers.add(task);
    });

    private CompletionStage<String> fetch(String url) {
        fetches.incrementAndGet();
        return failuresLeft.getAndDecrement() > 0
                ? CompletableFuture.failedFuture(new ConnectException("Connection refused"))
                : CompletableFuture.completedFuture(JWKS);
    }

    private void fireTimers() {
        while (!timers.isEmpty()) {
            timers.poll().run();
        }
    }

    @Test
    void authentikDownAtStartupIsRetriedWithBackoffUntilKeysArrive() {
        failuresLeft.set(7);
        retry.fetch();
        fireTimers();
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L, 30L, 30L), delays.stream().map(Duration::toSeconds).toList());
        assertEquals(8, fetches.get());
        assertEquals(1, keys.current().size());
        assertTrue(keys.status().lastError().isEmpty());
    }

    @Test
    void successfulFetchSchedulesNoRetry() {
        retry.fetch();
        assertEquals(List.of(), delays);
        assertEquals(1, keys.current().size());
    }

    @Test
    void scheduledFetchDuringARetryChainDoesNotStartASecondChain() {
        failuresLeft.set(2);
        retry.fetch();
        retry.fetch(); // the periodic refresh arrives while the first retry is pending
        assertEquals(1, fetches.get());
        assertEquals(1, timers.size());
        fireTimers();
        assertEquals(3, fetches.get());
        assertEquals(1, keys.current().size());
    }

    @Test
    void garbageIsRetriedToo() {
        AppKeys garbage = new AppKeys(APP, url -> {
            fetches.incrementAndGet();
            return CompletableFuture.completedFuture(fetches.get() < 3 ? "<html>starting</html>" : JWKS);
        }, Clock.systemUTC(), Duration.ofSeconds(30));
        FetchRetry garbageRetry = new FetchRetry(garbage, Duration.ofSeconds(30), (delay, task) -> timers.add(task));
        garbageRetry.fetch();
        fireTimers();
        assertEquals(3, fetches.get());
        assertEquals(1, garbage.current().size());
    }

    @Test
    void stoppedRetryFetchesNoMore() {
        failuresLeft.set(100);
        retry.fetch();
        retry.stop();
        fireTimers();
        assertEquals(1, fetches.get());
    }
}
