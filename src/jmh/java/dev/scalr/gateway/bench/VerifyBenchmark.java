package dev.scalr.gateway.bench;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.keys.AppKeys;
import dev.scalr.gateway.support.SigningKey;
import dev.scalr.gateway.support.Tokens;
import dev.scalr.gateway.token.TokenVerifier;
import dev.scalr.gateway.token.Verification;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** The cold path: one full TokenVerifier.verify (parse, signature, claims), per algorithm Authentik can sign with. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class VerifyBenchmark {

    @Param({"RS256", "ES256"})
    public String alg;

    private TokenVerifier verifier;
    private String token;

    @Setup
    public void setUp() {
        SigningKey key = "ES256".equals(alg) ? SigningKey.ec() : SigningKey.rsa();
        App app = new App("bench", BenchGateway.AUTHENTIK + "/application/o/bench/", "http://jwks.invalid/",
                Optional.of("bench-client"), Set.of(), List.of(), Set.of(), false, Optional.empty());
        AppKeys keys = new AppKeys(app, url -> CompletableFuture.completedFuture(SigningKey.jwks(key)),
                Clock.systemUTC(), Duration.ofSeconds(30));
        keys.refresh();
        verifier = new TokenVerifier(app, keys, 16384, Duration.ofSeconds(30), List.of("RS256", "ES256"));
        token = Tokens.forApp("bench", "bench-client").sign(key);
        if (!(verifier.verify(token) instanceof Verification.Verified)) {
            throw new IllegalStateException("benchmark token does not verify");
        }
    }

    @Benchmark
    public Verification verify() {
        return verifier.verify(token);
    }
}
