package dev.scalr.gateway.bench;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.signin.BenchCookies;
import dev.scalr.gateway.signin.CookieSealer;
import dev.scalr.gateway.signin.SessionCookie;
import dev.scalr.gateway.signin.SessionCookies;
import dev.scalr.gateway.support.SessionSettings;
import dev.scalr.gateway.support.SigningKey;
import dev.scalr.gateway.support.Tokens;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

/**
 * Opening a session cookie on the hot path: the sealed cookie without its ID token (as before issue 15: plain
 * JSON), with the ID token deflated (sealed sessions now), and a stored session's id-only cookie; users in 3 or
 * 50 groups.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class SessionCookieBenchmark {

    @Param({"3", "50"})
    public int groups;

    private SessionCookies cookies;
    private App app;
    private ForwardedRequest legacy;
    private ForwardedRequest sealedWithIdToken;
    private ForwardedRequest stored;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        app = new App("bench", "https://auth/application/o/bench/", "http://i/jwks/", Optional.of("bench-client"),
                Set.of(), List.of(), Set.of("bench.example.test"), true, Optional.empty());
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        String base64 = Base64.getEncoder().encodeToString(key);
        CookieSealer sealer = CookieSealer.fromBase64(List.of(base64));
        cookies = new SessionCookies(sealer, SessionSettings.sealed(List.of(), Optional.empty()), "/.scalr-auth", Clock.systemUTC());
        String[] names = IntStream.range(0, groups).mapToObj(i -> "platform-team-group-" + i).toArray(String[]::new);
        long exp = System.currentTimeMillis() / 1000 + 3600;
        String json = "{\"sub\":\"s\",\"usr\":\"alice\",\"em\":\"a@example.test\",\"nm\":\"Alice\",\"grp\":["
                + String.join(",", java.util.Arrays.stream(names).map(n -> "\"" + n + "\"").toList()) + "],\"exp\":" + exp + "}";
        String name = cookies.sessionName(app, true);
        legacy = request(name + "=" + sealer.seal(json, name));
        String idToken = Tokens.forApp("bench", "bench-client").groups(names).sign(SigningKey.rsa());
        dev.scalr.gateway.token.Identity identity = new dev.scalr.gateway.token.Identity("s", "alice", "a@example.test",
                "Alice", List.of(names), java.time.Instant.ofEpochSecond(exp));
        sealedWithIdToken = request(BenchCookies.issue(cookies, app, identity, idToken).split(";")[0]);
        stored = request(BenchCookies.issueStored(cookies, app, "x".repeat(43), java.time.Instant.ofEpochSecond(exp)).split(";")[0]);
        for (ForwardedRequest r : List.of(legacy, sealedWithIdToken, stored)) {
            if (cookies.read(app, r).isEmpty()) {
                throw new IllegalStateException("cookie does not open");
            }
        }
    }

    private static ForwardedRequest request(String cookie) {
        return new ForwardedRequest("GET", "https", "bench.example.test", null, "/", "/", "203.0.113.7",
                Optional.empty(), Optional.of(cookie), "text/html", false);
    }

    @Benchmark
    public Optional<SessionCookie> sealedPlainJsonBefore() {
        return cookies.read(app, legacy);
    }

    @Benchmark
    public Optional<SessionCookie> sealedDeflatedWithIdToken() {
        return cookies.read(app, sealedWithIdToken);
    }

    @Benchmark
    public Optional<SessionCookie> storedIdOnly() {
        return cookies.read(app, stored);
    }
}
