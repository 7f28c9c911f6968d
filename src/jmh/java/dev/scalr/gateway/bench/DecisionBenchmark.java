package dev.scalr.gateway.bench;

import dev.scalr.gateway.decision.Decision;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One forward-auth decision as the route runs it, after ForwardedRequests: warm (the token was verified
 * before, the cache answers) for one token and rotating over 1,000 (the load benchmark's two cases), and with
 * the cache off (every request verifies the RS256 signature).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecisionBenchmark {

    private BenchGateway cached;
    private BenchGateway uncached;
    private ForwardedRequest request;
    private final ForwardedRequest[] rotating = new ForwardedRequest[1000];
    private int next;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        SigningKey key = SigningKey.rsa();
        cached = new BenchGateway(key, 10_000);
        uncached = new BenchGateway(key, 0);
        String token = Tokens.forApp("bench", "bench-client").sign(key);
        request = forward(token);
        if (!(decide(cached) instanceof Decision.Allow) || !(decide(uncached) instanceof Decision.Allow)) {
            throw new IllegalStateException("benchmark token is not allowed");
        }
        for (int i = 0; i < rotating.length; i++) {
            rotating[i] = forward(Tokens.forApp("bench", "bench-client").username("user" + i).sign(key));
            if (!(decide(cached, rotating[i]) instanceof Decision.Allow)) {
                throw new IllegalStateException("rotating token " + i + " is not allowed");
            }
        }
    }

    private static ForwardedRequest forward(String token) {
        return new ForwardedRequest("GET", "https", "bench.example.test", null, "/api/items?page=2", "/api/items",
                "203.0.113.7", Optional.of("Bearer " + token), Optional.empty(), "application/json", false);
    }

    private Decision decide(BenchGateway gateway) {
        return decide(gateway, request);
    }

    private static Decision decide(BenchGateway gateway, ForwardedRequest forwarded) {
        return gateway.decisions.decide(forwarded, null).toCompletableFuture().join();
    }

    /** A cache hit for one of 1,000 tokens in turn: what the load benchmark's 1000-tokens case asks. */
    @Benchmark
    public Decision warmCacheRotating() {
        next = (next + 1) % rotating.length;
        return decide(cached, rotating[next]);
    }

    @Benchmark
    public Decision warmCache() {
        return decide(cached);
    }

    @Benchmark
    public Decision cacheOffRs256() {
        return decide(uncached);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cached.close();
        uncached.close();
    }
}
