package dev.scalr.gateway.e2e;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/**
 * A bounded closed-loop load: N threads send requests back to back until stopped, counting answers by
 * status and keeping the slowest latency. Small on purpose: it proves behaviour, bench/load.sh measures speed.
 */
final class LoadLoop implements AutoCloseable {

    private final String name;
    private final ExecutorService threads;
    private final HttpClient client;
    private final Map<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final LongAdder failures = new LongAdder();
    private final AtomicLong slowestNanos = new AtomicLong();
    private volatile boolean running = true;

    /** @param request builds the i-th request of a thread (its token, its path) */
    LoadLoop(String name, int threadCount, IntFunction<HttpRequest> request) {
        this.name = name;
        this.threads = Executors.newFixedThreadPool(threadCount);
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        for (int t = 0; t < threadCount; t++) {
            threads.execute(() -> {
                for (int i = 0; running; i++) {
                    send(request.apply(i));
                }
            });
        }
    }

    static HttpRequest get(String url, String token) {
        return HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token).header("Accept", "application/json").build();
    }

    private void send(HttpRequest request) {
        long start = System.nanoTime();
        try {
            int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
        } catch (Exception e) {
            failures.increment();
        }
        slowestNanos.accumulateAndGet(System.nanoTime() - start, Math::max);
    }

    long total() {
        return byStatus.values().stream().mapToLong(LongAdder::sum).sum() + failures.sum();
    }

    /**
     * Answers other than the expected status, plus requests that got no answer at all. Summed from those
     * counters alone: the loop is still running, so a total minus the expected count, read a moment apart, is
     * off by the requests answered in between.
     */
    long unexpected(int expected) {
        long other = byStatus.entrySet().stream().filter(e -> e.getKey() != expected)
                .mapToLong(e -> e.getValue().sum()).sum();
        return other + failures.sum();
    }

    Duration slowest() {
        return Duration.ofNanos(slowestNanos.get());
    }

    /** Starts a new measurement window (counts and slowest latency). */
    void reset() {
        byStatus.clear();
        failures.reset();
        slowestNanos.set(0);
    }

    String summary() {
        Map<Integer, Long> counts = new TreeMap<>();
        byStatus.forEach((status, n) -> counts.put(status, n.sum()));
        long noAnswer = failures.sum();
        long requests = counts.values().stream().mapToLong(Long::longValue).sum() + noAnswer;
        return String.format("%-9s requests=%d by_status=%s no_answer=%d slowest=%d ms", name, requests, counts,
                noAnswer, slowest().toMillis());
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        threads.shutdown();
        threads.awaitTermination(15, TimeUnit.SECONDS);
    }
}
