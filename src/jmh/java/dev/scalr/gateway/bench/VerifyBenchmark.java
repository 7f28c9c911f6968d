package dev.scalr.gateway.bench;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.config.CryptoChoice;
import dev.scalr.gateway.crypto.CryptoProviders;
import dev.scalr.gateway.crypto.SignatureProvider;
import dev.scalr.gateway.keys.AppKeys;
import dev.scalr.gateway.keys.KeyFetchListener;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import dev.scalr.gateway.token.LegacyIssuers;
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

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The cold path: one full TokenVerifier.verify (parse, signature, claims), per algorithm Authentik can sign with
 * and per signature provider (the JDK's, or the native one the gateway loads by default), next to the raw
 * signature check of the same token with the same provider: the "raw cost of one signature verify".
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class VerifyBenchmark {

    @Param({"RS256", "ES256"})
    public String alg;

    @Param({"jdk", "native"})
    public String provider;

    private TokenVerifier verifier;
    private String token;
    private PublicKey publicKey;
    private String javaAlgorithm;
    private byte[] signingInput;
    private byte[] signature;
    private java.security.Provider jca;

    @Setup
    public void setUp() throws GeneralSecurityException {
        SigningKey key = "ES256".equals(alg) ? SigningKey.ec() : SigningKey.rsa();
        App app = new App("bench", BenchGateway.AUTHENTIK + "/application/o/bench/", "http://jwks.invalid/",
                Optional.of("bench-client"), Set.of(), List.of(), Set.of(), false, Optional.empty());
        SignatureProvider signatures = "native".equals(provider) ? CryptoProviders.choose(CryptoChoice.NATIVE)
                : SignatureProvider.jdk("jdk");
        if ("native".equals(provider) && !signatures.isNative()) {
            throw new IllegalStateException(signatures.status());
        }
        AppKeys keys = new AppKeys(app, url -> CompletableFuture.completedFuture(SigningKey.jwks(key)),
                Clock.systemUTC(), Duration.ofSeconds(30), KeyFetchListener.NONE, signatures::prepare);
        keys.refresh();
        verifier = new TokenVerifier(app, keys, 16384, Duration.ofSeconds(30), List.of("RS256", "ES256"),
                LegacyIssuers.none(), signatures);
        token = Tokens.forApp("bench", "bench-client").sign(key);
        if (!(verifier.verify(token) instanceof Verification.Verified)) {
            throw new IllegalStateException("benchmark token does not verify");
        }
        publicKey = signatures.prepare(key.jwk().getPublicKey());
        jca = signatures.isNative() ? java.security.Security.getProvider("AmazonCorrettoCryptoProvider") : null;
        // JWS ES256 signatures are R||S, which is the JDK's P1363 format.
        javaAlgorithm = "ES256".equals(alg) ? "SHA256withECDSAinP1363Format" : "SHA256withRSA";
        int lastDot = token.lastIndexOf('.');
        signingInput = token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII);
        signature = Base64.getUrlDecoder().decode(token.substring(lastDot + 1));
        if (!rawSignature()) {
            throw new IllegalStateException("raw signature check fails");
        }
    }

    /** The floor of the cold path: the provider's signature check alone, no parsing, no claims. */
    @Benchmark
    public boolean rawSignature() throws GeneralSecurityException {
        Signature check = jca == null ? Signature.getInstance(javaAlgorithm) : Signature.getInstance(javaAlgorithm, jca);
        check.initVerify(publicKey);
        check.update(signingInput);
        return check.verify(signature);
    }

    @Benchmark
    public Verification verify() {
        return verifier.verify(token);
    }
}
