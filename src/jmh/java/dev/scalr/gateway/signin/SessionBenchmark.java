package dev.scalr.gateway.signin;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.crypto.CryptoProviders;
import dev.scalr.gateway.crypto.SignatureProvider;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.token.Identity;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Security;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What a request with a session cookie costs (issue 14 #3): opening it (AES-GCM with the JDK, then the JSON
 * inside), the AES-GCM step alone with the JDK and with the native provider (the "make opening cheap" option),
 * and the remembered session ({@link OpenedSessions}: SHA-256 and a lookup).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SessionBenchmark {

    private static final App APP = new App("bench", "https://auth/application/o/bench/", "http://i/jwks/",
            Optional.of("bench-client"), Set.of(), List.of(), Set.of("bench.example.test"), true, Optional.empty());

    private SessionCookies cookies;
    private OpenedSessions opened;
    private ForwardedRequest request;
    private String name;
    private byte[] raw;
    private SecretKeySpec key;
    private Provider nativeProvider;

    @Setup
    public void setUp() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        key = new SecretKeySpec(secret, "AES");
        // the test's session settings (sealed cookies, 8 h maximum), with this run's key and the real clock
        cookies = SessionCookiesTest.cookies(Instant.now(), Base64.getEncoder().encodeToString(secret));
        Identity alice = new Identity("sub-1", "alice", "alice@example.test", "Alice Example", List.of("staff", "admins"),
                Instant.now().plusSeconds(3600));
        String setCookie = cookies.issue(APP, alice, null, true).orElseThrow();
        request = new ForwardedRequest("GET", "https", "bench.example.test", null, "/", "/", "", Optional.empty(),
                Optional.of(setCookie.split(";")[0]), "application/json", false);
        name = cookies.sessionName(APP, true);
        raw = Base64.getUrlDecoder().decode(request.cookie(name).orElseThrow());
        opened = new OpenedSessions(10_000, Clock.systemUTC());
        if (opened.read(APP, request, name, cookies::read).isEmpty()) {
            throw new IllegalStateException("the session does not open");
        }
        SignatureProvider signatures = CryptoProviders.choose(SignatureProvider.Choice.NATIVE);
        nativeProvider = signatures.isNative() ? Security.getProvider("AmazonCorrettoCryptoProvider") : null;
    }

    /** Today's path: cookie lookup, AES-GCM with the JDK, JSON parse, expiry. */
    @Benchmark
    public Optional<SessionCookie> open() {
        return cookies.read(APP, request);
    }

    /** The remembered session: SHA-256 of name and value, a lookup, expiry. */
    @Benchmark
    public Optional<SessionCookie> remembered() {
        return opened.read(APP, request, name, cookies::read);
    }

    @Benchmark
    public byte[] aesGcmJdk() throws GeneralSecurityException {
        return decrypt(Cipher.getInstance("AES/GCM/NoPadding"));
    }

    @Benchmark
    public byte[] aesGcmNative() throws GeneralSecurityException {
        return decrypt(Cipher.getInstance("AES/GCM/NoPadding", nativeProvider));
    }

    private byte[] decrypt(Cipher cipher) throws GeneralSecurityException {
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, raw, 1, 12));
        cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
        return cipher.doFinal(raw, 13, raw.length - 13);
    }
}
