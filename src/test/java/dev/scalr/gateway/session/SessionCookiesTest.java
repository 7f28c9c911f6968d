package dev.scalr.gateway.session;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.config.SessionConfig;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.SessionSettings;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import dev.scalr.gateway.token.Identity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Session cookies: key rotation, replicas sharing a key, expiry, size. */
public class SessionCookiesTest {

    public static final App GRAFANA = new App("grafana", "https://auth/application/o/grafana/", "http://i/jwks/",
            Optional.of("grafana-client"), Set.of(), List.of(), Set.of("grafana.example.test"), true, Optional.empty());
    public static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    public static final Identity ALICE = new Identity("sub-1", "alice", "alice@example.test", "Alice", List.of("admins"),
            NOW.plusSeconds(3600));

    public static SessionCookies cookies(Instant now, String... keys) {
        return cookies(now, Optional.empty(), keys);
    }

    public static SessionCookies cookies(Instant now, Optional<String> domain, String... keys) {
        SessionConfig config = SessionSettings.sealed(List.of(keys), domain);
        return new SessionCookies(CookieSealer.fromBase64(List.of(keys)), config, Clock.fixed(now, ZoneOffset.UTC));
    }

    public static ForwardedRequest withCookie(String setCookie) {
        return withCookie("https", setCookie);
    }

    public static ForwardedRequest withCookie(String proto, String setCookie) {
        return new ForwardedRequest("GET", proto, "grafana.example.test", null, "/", "/", "", Optional.empty(),
                Optional.of(setCookie.split(";")[0]), "text/html", false);
    }

    @Test
    void cookieSealedByOneReplicaOpensOnAnotherWithTheSameKey() {
        String key = FakeAuthentikResource.randomKey();
        String cookie = cookies(NOW, key).issue(GRAFANA, ALICE, null, true).orElseThrow();
        assertEquals(Optional.of(ALICE.username()), cookies(NOW, key).read(GRAFANA, withCookie(cookie)).map(c -> c.identity().username()));
    }

    @Test
    void entitlementsSurviveTheSessionCookieSoBrowsersGetTheOutpostHeader() {
        Identity entitled = new Identity("sub-1", "alice", "alice@example.test", "Alice", List.of("admins"),
                NOW.plusSeconds(3600), List.of("read", "write"));
        String key = FakeAuthentikResource.randomKey();
        String cookie = cookies(NOW, key).issue(GRAFANA, entitled, null, true).orElseThrow();
        assertEquals(entitled, cookies(NOW, key).read(GRAFANA, withCookie(cookie)).orElseThrow().identity());
    }

    @Test
    void rotatedKeyStillOpensOldCookiesAndSealsNewOnesWithTheNewKey() {
        String oldKey = FakeAuthentikResource.randomKey();
        String newKey = FakeAuthentikResource.randomKey();
        String oldCookie = cookies(NOW, oldKey).issue(GRAFANA, ALICE, null, true).orElseThrow();
        SessionCookies rotated = cookies(NOW, newKey, oldKey);
        assertTrue(rotated.read(GRAFANA, withCookie(oldCookie)).isPresent(), "old cookie still accepted");
        String newCookie = rotated.issue(GRAFANA, ALICE, null, true).orElseThrow();
        assertTrue(cookies(NOW, newKey).read(GRAFANA, withCookie(newCookie)).isPresent(), "sealed with the new key");
        assertTrue(cookies(NOW, oldKey).read(GRAFANA, withCookie(newCookie)).isEmpty(), "not with the old one");
    }

    @Test
    void sessionEndsAtTokenExpiry() {
        String key = FakeAuthentikResource.randomKey();
        String cookie = cookies(NOW, key).issue(GRAFANA, ALICE, null, true).orElseThrow();
        assertTrue(cookie.contains("Max-Age=3600"), cookie);
        assertTrue(cookies(NOW.plusSeconds(3599), key).read(GRAFANA, withCookie(cookie)).isPresent());
        assertTrue(cookies(NOW.plusSeconds(3600), key).read(GRAFANA, withCookie(cookie)).isEmpty());
    }

    @Test
    void claimsTooLargeForACookieAreRefused() {
        // random names: compression cannot help
        List<String> groups = java.util.stream.IntStream.range(0, 400).mapToObj(i -> java.util.UUID.randomUUID().toString()).toList();
        Identity many = new Identity("s", "u", "e", "n", groups, NOW.plusSeconds(60));
        assertTrue(cookies(NOW, FakeAuthentikResource.randomKey()).issue(GRAFANA, many, null, true).isEmpty());
    }

    @Test
    void sessionOfAUserIn50GroupsKeepsItsIdTokenInOneCookieUnder4KB() {
        SigningKey key = SigningKey.rsa();
        String[] groups = java.util.stream.IntStream.range(0, 50).mapToObj(i -> "platform-team-group-" + i).toArray(String[]::new);
        String idToken = Tokens.forApp("grafana", "grafana-client").groups(groups).claim("nonce", randomNonce())
                .claim("sid", "a".repeat(64)).sign(key);
        Identity member = new Identity("sub-1", "alice", "alice@example.test", "Alice", List.of(groups), NOW.plusSeconds(3600));
        SessionCookies cookies = cookies(NOW, FakeAuthentikResource.randomKey());
        String cookie = cookies.issue(GRAFANA, member, idToken, true).orElseThrow();
        assertTrue(cookie.length() < 4096, cookie.length() + " bytes with its attributes (ID token alone " + idToken.length() + ")");
        SessionCookie opened = cookies.read(GRAFANA, withCookie(cookie)).orElseThrow();
        assertEquals(idToken, opened.idToken(), "the raw ID token comes back byte for byte (id_token_hint, X-authentik-jwt)");
        assertEquals(List.of(groups), opened.identity().groups());
    }

    @Test
    void idTokenThatCannotFitIsLeftOutAndTheSessionStillWorks() {
        List<String> groups = java.util.stream.IntStream.range(0, 120).mapToObj(i -> java.util.UUID.randomUUID().toString()).toList();
        String idToken = Tokens.forApp("grafana", "grafana-client").groups(groups.toArray(String[]::new)).sign(SigningKey.rsa());
        Identity member = new Identity("sub-1", "alice", "e", "n", groups, NOW.plusSeconds(3600));
        SessionCookies cookies = cookies(NOW, FakeAuthentikResource.randomKey());
        String cookie = cookies.issue(GRAFANA, member, idToken, true).orElseThrow();
        SessionCookie opened = cookies.read(GRAFANA, withCookie(cookie)).orElseThrow();
        assertEquals(null, opened.idToken());
        assertEquals(groups, opened.identity().groups());
    }

    @Test
    void cookieSealedBeforeCompressionStillOpens() {
        String key = FakeAuthentikResource.randomKey();
        String json = "{\"sub\":\"sub-1\",\"usr\":\"alice\",\"em\":\"e\",\"nm\":\"n\",\"grp\":[\"admins\"],\"exp\":"
                + NOW.plusSeconds(60).getEpochSecond() + "}";
        String value = CookieSealer.fromBase64(List.of(key)).seal(json, "__Host-scalr_auth_grafana");
        assertEquals(Optional.of("alice"), cookies(NOW, key).read(GRAFANA, withCookie("__Host-scalr_auth_grafana=" + value))
                .map(c -> c.identity().username()));
    }

    @ParameterizedTest(name = "https {0}, cookie domain [{1}]: the session cookie is {2}...")
    @CsvSource({"true, , __Host-scalr_auth_grafana=", "true, example.test, _scalr_auth_grafana=",
            "false, , _scalr_auth_grafana=", "false, example.test, _scalr_auth_grafana="})
    void sessionCookieNameFollowsSchemeAndDomain(boolean https, String domain, String start) {
        String key = FakeAuthentikResource.randomKey();
        SessionCookies cookies = cookies(NOW, Optional.ofNullable(domain), key);
        String cookie = cookies.issue(GRAFANA, ALICE, null, https).orElseThrow();
        assertTrue(cookie.startsWith(start), cookie);
        assertTrue(cookie.contains("; Path=/;"), cookie);
        assertEquals(domain != null, cookie.contains("Domain="), cookie);
        assertEquals(https, cookie.contains("; Secure"), cookie);
        assertTrue(cookies.read(GRAFANA, withCookie(https ? "https" : "http", cookie)).isPresent());
    }

    @Test
    void unprefixedCookieIsNotReadOverHttpsWithHostOnlyCookies() {
        String key = FakeAuthentikResource.randomKey();
        SessionCookies cookies = cookies(NOW, key);
        String plain = cookies.issue(GRAFANA, ALICE, null, false).orElseThrow();
        assertTrue(cookies.read(GRAFANA, withCookie("http", plain)).isPresent());
        assertTrue(cookies.read(GRAFANA, withCookie("https", plain)).isEmpty(), "a tossed, unprefixed cookie is ignored");
    }

    /** Like a sign-in's nonce: 32 random bytes, base64url (43 characters). */
    private static String randomNonce() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
