package dev.scalr.gateway.session;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.config.CryptoChoice;
import dev.scalr.gateway.crypto.CryptoProviders;
import dev.scalr.gateway.crypto.SignatureProvider;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.support.SessionSettings;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import dev.scalr.gateway.token.Identity;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
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
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * What a request with a session cookie costs, for users in 3 or 50 groups: opening each cookie format
 * ({@link SessionCookies#read}: sealed claims as before issue 15 in plain JSON, sealed claims with and without the
 * deflated ID token, a stored session's id-only cookie), the remembered session ({@link OpenedSessions}: SHA-256
 * and a lookup), and the AES-GCM step alone with the JDK and with the native provider (issue 14 #3).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SessionCookieBenchmark {

    private static final App APP = new App("bench", "https://auth/application/o/bench/", "http://i/jwks/",
            Optional.of("bench-client"), Set.of(), List.of(), Set.of("bench.example.test"), true, Optional.empty());

    @Param({"3", "50"})
    public int groups;

    private SessionCookies cookies;
    private OpenedSessions opened;
    private String name;
    private ForwardedRequest legacy;
    private ForwardedRequest sealedWithIdToken;
    private ForwardedRequest sealedWithoutIdToken;
    private ForwardedRequest stored;
    /** The sealed cookie with its ID token, base64-decoded: what AES-GCM opens. */
    private byte[] raw;
    private SecretKeySpec key;
    private Provider nativeProvider;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        key = new SecretKeySpec(secret, "AES");
        String base64 = Base64.getEncoder().encodeToString(secret);
        CookieSealer sealer = CookieSealer.fromBase64(List.of(base64));
        cookies = new SessionCookies(sealer, SessionSettings.sealed(List.of(base64), Optional.empty()),
                Clock.systemUTC());
        name = cookies.sessionName(APP, true);
        String[] names = IntStream.range(0, groups).mapToObj(i -> "platform-team-group-" + i).toArray(String[]::new);
        long exp = Instant.now().getEpochSecond() + 3600;
        String json = "{\"sub\":\"s\",\"usr\":\"alice\",\"em\":\"a@example.test\",\"nm\":\"Alice\",\"grp\":["
                + String.join(",", Arrays.stream(names).map(n -> "\"" + n + "\"").toList()) + "],\"exp\":" + exp + "}";
        legacy = request(name + "=" + sealer.seal(json, name));
        Identity alice = new Identity("s", "alice", "a@example.test", "Alice", List.of(names), Instant.ofEpochSecond(exp));
        String idToken = Tokens.forApp("bench", "bench-client").groups(names).sign(SigningKey.rsa());
        sealedWithIdToken = request(cookies.issue(APP, alice, idToken, true).orElseThrow().split(";")[0]);
        sealedWithoutIdToken = request(cookies.issue(APP, alice, null, true).orElseThrow().split(";")[0]);
        stored = request(cookies.issueStored(APP, "x".repeat(43), Instant.ofEpochSecond(exp), true).split(";")[0]);
        for (ForwardedRequest r : List.of(legacy, sealedWithIdToken, sealedWithoutIdToken, stored)) {
            if (cookies.read(APP, r).isEmpty()) {
                throw new IllegalStateException("cookie does not open");
            }
        }
        raw = Base64.getUrlDecoder().decode(sealedWithIdToken.cookie(name).orElseThrow());
        opened = new OpenedSessions(10_000, Clock.systemUTC());
        if (opened.read(APP, sealedWithIdToken, name, cookies::read).isEmpty()) {
            throw new IllegalStateException("the session does not open");
        }
        SignatureProvider signatures = CryptoProviders.choose(CryptoChoice.NATIVE);
        nativeProvider = signatures.isNative() ? Security.getProvider("AmazonCorrettoCryptoProvider") : null;
    }

    private static ForwardedRequest request(String cookie) {
        return new ForwardedRequest("GET", "https", "bench.example.test", null, "/", "/", "203.0.113.7",
                Optional.empty(), Optional.of(cookie), "text/html", false);
    }

    /** Sealed claims in plain JSON, as issued before issue 15 (still read). */
    @Benchmark
    public Optional<SessionCookie> sealedPlainJsonBefore() {
        return cookies.read(APP, legacy);
    }

    /** Sealed sessions now: claims and the ID token, deflated (AES-GCM, inflate, JSON, expiry). */
    @Benchmark
    public Optional<SessionCookie> sealedDeflatedWithIdToken() {
        return cookies.read(APP, sealedWithIdToken);
    }

    /** A sealed session whose ID token did not fit the cookie. */
    @Benchmark
    public Optional<SessionCookie> sealedWithoutIdToken() {
        return cookies.read(APP, sealedWithoutIdToken);
    }

    /** Silent refresh on: the cookie holds only the stored session's id. */
    @Benchmark
    public Optional<SessionCookie> storedIdOnly() {
        return cookies.read(APP, stored);
    }

    /** The request path for a repeat: SHA-256 of name and value, a lookup, expiry. */
    @Benchmark
    public Optional<SessionCookie> remembered() {
        return opened.read(APP, sealedWithIdToken, name, cookies::read);
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
