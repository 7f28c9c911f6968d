package dev.scalr.gateway.bench;

import dev.scalr.gateway.decision.Decision;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.support.SigningKey;
import dev.scalr.gateway.support.Tokens;
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
 * before, the cache answers) and with the cache off (every request verifies the RS256 signature).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecisionBenchmark {

    private BenchGateway cached;
    private BenchGateway uncached;
    private ForwardedRequest request;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        SigningKey key = SigningKey.rsa();
        cached = new BenchGateway(key, 10_000);
        uncached = new BenchGateway(key, 0);
        String token = Tokens.forApp("bench", "bench-client").sign(key);
        request = new ForwardedRequest("GET", "https", "bench.example.test", null, "/api/items?page=2", "/api/items",
                "203.0.113.7", Optional.of("Bearer " + token), Optional.empty(), "application/json", false);
        if (!(decide(cached) instanceof Decision.Allow) || !(decide(uncached) instanceof Decision.Allow)) {
            throw new IllegalStateException("benchmark token is not allowed");
        }
    }

    private Decision decide(BenchGateway gateway) {
        return gateway.decisions.decide(request, null).toCompletableFuture().join();
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
