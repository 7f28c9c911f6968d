package dev.scalr.gateway.bench;

import dev.scalr.gateway.decision.Decision;
import dev.scalr.gateway.decision.DecisionLog;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.forward.ForwardedRequests;
import dev.scalr.gateway.support.SigningKey;
import dev.scalr.gateway.support.Tokens;
import io.vertx.core.MultiMap;
import org.jboss.logging.Logger;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A cache hit as the forwardAuth handler runs it, without Netty: the headers the load benchmark sends (in the
 * Vert.x header map the HTTP decoder fills) read by ForwardedRequests, the decision, the decision log call (off at
 * the default level, as in production) and the identity headers written out. Rotates over 1,000 tokens like
 * bench/load.sh's 1000-tokens case. Run with -prof gc: bytes/op is the gateway's own garbage per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HotPathBenchmark {

    private BenchGateway cached;
    private final MultiMap[] rotating = new MultiMap[1000];
    private int next;
    private BiConsumer<CharSequence, String> sink;

    @Setup(Level.Trial)
    public void setUp(Blackhole blackhole) throws Exception {
        // Production's level (quarkus.log.level INFO): allow lines (DEBUG by default) are not written.
        org.jboss.logmanager.Logger.getLogger("dev.scalr.gateway.decision").setLevel(java.util.logging.Level.INFO);
        if (Logger.getLogger("dev.scalr.gateway.decision").isDebugEnabled()) {
            throw new IllegalStateException("decision log category still at DEBUG: the benchmark would measure logging");
        }
        SigningKey key = SigningKey.rsa();
        cached = new BenchGateway(key, 10_000);
        sink = (name, value) -> blackhole.consume(value);
        for (int i = 0; i < rotating.length; i++) {
            rotating[i] = headers(Tokens.forApp("bench", "bench-client").username("user" + i).sign(key));
            if (!(cacheHit(i) instanceof Decision.Allow)) {
                throw new IllegalStateException("rotating token " + i + " is not allowed");
            }
        }
    }

    /** What bench/auth.lua sends (wrk adds Host), as Traefik does for a forwardAuth target. */
    private static MultiMap headers(String token) {
        return MultiMap.caseInsensitiveMultiMap().add("Host", "127.0.0.1:8081").add("X-Forwarded-Method", "GET")
                .add("X-Forwarded-Proto", "https").add("X-Forwarded-Host", "bench.example.test")
                .add("X-Forwarded-Uri", "/api/items?page=2").add("X-Forwarded-For", "203.0.113.7")
                .add("Accept", "application/json").add("Authorization", "Bearer " + token);
    }

    private Decision cacheHit(int index) {
        ForwardedRequest request = ForwardedRequests.from(rotating[index]);
        Decision decision = cached.decisions.decide(request, null).toCompletableFuture().join();
        DecisionLog.log(request, decision);
        if (decision instanceof Decision.Allow allow) {
            cached.identityHeaders.write(allow.app(), allow.identity(), allow.bearer(), sink);
        }
        return decision;
    }

    @Benchmark
    public Decision cacheHitRotating() {
        next = (next + 1) % rotating.length;
        return cacheHit(next);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cached.close();
    }
}
