package dev.scalr.gateway.bench;

import dev.scalr.gateway.decision.Decision;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import dev.scalr.gateway.forward.ForwardedRequest;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Issue 24's cost target: a cache hit on an app with 20 access rules against the same hit on an app with none. The
 * request falls through all 20 to the last (the worst case: every rule is looked at); "globs" has 19 globs of
 * different prefixes, methods and networks before a catch-all, "withRegex" makes one of them an RE2J expression.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RulesBenchmark {

    private BenchGateway none;
    private BenchGateway globs;
    private BenchGateway withRegex;
    private ForwardedRequest request;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        SigningKey key = SigningKey.rsa();
        none = new BenchGateway(key, 10_000);
        globs = new BenchGateway(key, 10_000, rules(false));
        withRegex = new BenchGateway(key, 10_000, rules(true));
        String token = Tokens.forApp("bench", "bench-client").groups("staff").sign(key);
        request = new ForwardedRequest("GET", "https", "bench.example.test", null, "/api/items?page=2", "/api/items",
                "203.0.113.7", Optional.of("Bearer " + token), Optional.empty(), "application/json", false);
        for (BenchGateway gateway : new BenchGateway[] {none, globs, withRegex}) {
            Decision decision = decide(gateway);
            if (!(decision instanceof Decision.Allow allow)
                    || (gateway != none && !"19".equals(allow.rule().label()))) {
                throw new IllegalStateException("benchmark request is not allowed by the last rule: " + decision);
            }
        }
    }

    /** 19 rules the request passes by, then /** for staff. */
    static Map<String, String> rules(boolean oneRegex) {
        Map<String, String> env = new HashMap<>();
        String[] kinds = {"/admin/**", "/settings/*", "/api/webhooks/*", "/metrics/**", "/api/items/*/admin",
            "/internal/**", "/static/**/*.map", "/users/*/keys/**", "/export/**", "/api/v1/admin/**"};
        for (int i = 0; i < 19; i++) {
            String prefix = "GATEWAY_APPS_BENCH_RULES_" + i + "__";
            boolean regex = oneRegex && i == 9;
            env.put(prefix + "PATHS", regex ? "~^/api/v[0-9]+/admin(/.*)?$" : (i >= 10 ? "/app" + i : "") + kinds[i % kinds.length]);
            env.put(prefix + "POLICY", i % 3 == 0 ? "deny" : "groups");
            if (i % 3 != 0) {
                env.put(prefix + "GROUPS", "admins");
            }
            if (i % 4 == 1) {
                env.put(prefix + "METHODS", "POST,PUT,DELETE");
            }
            if (i % 5 == 2) {
                env.put(prefix + "NETWORKS", "10.0.0.0/8,fd00::/8");
            }
        }
        env.put("GATEWAY_APPS_BENCH_RULES_19__PATHS", "/**");
        env.put("GATEWAY_APPS_BENCH_RULES_19__POLICY", "groups");
        env.put("GATEWAY_APPS_BENCH_RULES_19__GROUPS", "staff");
        return env;
    }

    private Decision decide(BenchGateway gateway) {
        return gateway.decisions.decide(request, null).toCompletableFuture().join();
    }

    @Benchmark
    public Decision noRules() {
        return decide(none);
    }

    @Benchmark
    public Decision twentyGlobRules() {
        return decide(globs);
    }

    @Benchmark
    public Decision twentyRulesOneRegex() {
        return decide(withRegex);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        none.close();
        globs.close();
        withRegex.close();
    }
}
