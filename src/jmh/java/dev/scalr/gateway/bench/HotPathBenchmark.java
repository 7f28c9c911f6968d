package dev.scalr.gateway.bench;

import dev.scalr.gateway.decision.Decision;
import dev.scalr.gateway.decision.DecisionLog;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.forward.ForwardedRequests;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import io.netty.util.AsciiString;
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

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * A cache hit as the forwardAuth handler runs it, without Netty: the headers the load benchmark sends, in a Vert.x
 * header map filled as Netty's HTTP/1.x decoder fills it (a fresh AsciiString per name but Host and Accept, String
 * values; {@link #headerMapOnly} measures that alone), read by ForwardedRequests, the decision, the decision log call (off at
 * the default level, as in production) and the identity headers written out. Rotates over 1,000 tokens like
 * bench/load.sh's 1000-tokens case. Run with -prof gc: bytes/op is the gateway's own garbage per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class HotPathBenchmark {

    /** What bench/auth.lua sends (wrk adds Host), as Traefik does for a forwardAuth target: name, value, ... */
    private static final String[] SENT = {"Host", "127.0.0.1:8081", "X-Forwarded-Method", "GET", "X-Forwarded-Proto",
        "https", "X-Forwarded-Host", "bench.example.test", "X-Forwarded-Uri", "/api/items?page=2", "X-Forwarded-For",
        "203.0.113.7", "Accept", "application/json", "Authorization", null};
    private static final byte[][] NAMES = new byte[SENT.length / 2][];
    private static final AsciiString HOST = AsciiString.cached("Host");
    private static final AsciiString ACCEPT = AsciiString.cached("Accept");

    static {
        for (int i = 0; i < NAMES.length; i++) {
            NAMES[i] = SENT[2 * i].getBytes(StandardCharsets.US_ASCII);
        }
    }

    private BenchGateway cached;
    private final String[][] rotating = new String[1000][];
    private int next;
    private BiConsumer<CharSequence, CharSequence> sink;

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
            rotating[i] = values(Tokens.forApp("bench", "bench-client").username("user" + i).sign(key));
            if (!(cacheHit(i) instanceof Decision.Allow)) {
                throw new IllegalStateException("rotating token " + i + " is not allowed");
            }
        }
    }

    /** The header values of one request, the Authorization last. */
    private static String[] values(String token) {
        String[] values = new String[NAMES.length];
        for (int i = 0; i < values.length; i++) {
            values[i] = SENT[2 * i + 1];
        }
        values[values.length - 1] = "Bearer " + token;
        return values;
    }

    /** As HttpRequestDecoder.splitHeaderName does: Host and Accept are shared constants, every other name a copy. */
    private static MultiMap decoded(String[] values) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < NAMES.length; i++) {
            CharSequence name = i == 0 ? HOST : i == 6 ? ACCEPT : new AsciiString(NAMES[i], 0, NAMES[i].length, true);
            headers.add(name, values[i]);
        }
        return headers;
    }

    private Decision cacheHit(int index) {
        ForwardedRequest request = ForwardedRequests.from(decoded(rotating[index]));
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

    /** The decoder's share of cacheHitRotating: the header map alone, which the gateway does not allocate. */
    @Benchmark
    public MultiMap headerMapOnly() {
        next = (next + 1) % rotating.length;
        return decoded(rotating[next]);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cached.close();
    }
}
