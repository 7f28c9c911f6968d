package dev.scalr.gateway.machine;

import dev.scalr.gateway.dev.authentik.FakeAppPasswords;
import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.Gateway;
import dev.scalr.gateway.support.LogCapture;
import dev.scalr.gateway.dev.authentik.Tokens;
import dev.scalr.gateway.web.AuthListener;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.scalr.gateway.machine.OutpostResource.APP_PASSWORD;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Machine clients (WebDAV, git, RSS readers, scripts) can only send Authorization: Basic. On an app that opts in,
 * the gateway lets them in the way Authentik's outpost does (application/auth_basic.go): user goauthentik.io/token
 * with a JWT password, or a user and an app password exchanged at the token endpoint, once per credential.
 */
@QuarkusTest
@WithTestResource(OutpostResource.class)
class BasicCredentialsTest {

    static final String DAV = "dav.example.test";
    private static final AtomicInteger ADDRESSES = new AtomicInteger(1);

    @Inject
    AuthListener listener;

    /** Each test calls from its own source address, so the failure limiter of one does not reach another. */
    private String address;

    @BeforeEach
    void ready() {
        Gateway.awaitReady();
        RestAssured.port = listener.port();
        address = "198.51.100." + ADDRESSES.getAndIncrement();
        stand().delayMillis(0);
    }

    static FakeAppPasswords stand() {
        return FakeAuthentikResource.server().appPasswords();
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    Response send(String host, String authorization) {
        return given().header("X-Forwarded-Host", host).header("X-Forwarded-For", address)
                .header("X-Forwarded-Uri", "/remote.php/dav").header("Authorization", authorization).get("/auth");
    }

    static void assertBasicChallengeFirst(Response response, String reason) {
        assertEquals(401, response.statusCode(), response.asString());
        assertEquals(reason, response.jsonPath().getString("reason"));
        List<String> challenges = response.headers().getValues("WWW-Authenticate");
        // nginx's auth_request passes only the first WWW-Authenticate: Basic must be it
        assertEquals("Basic realm=\"dav\", charset=\"UTF-8\"", challenges.get(0), challenges.toString());
        assertTrue(challenges.size() == 2 && challenges.get(1).startsWith("Bearer realm=\"dav\""), challenges.toString());
    }

    @Test
    void appPasswordIsExchangedOnceAndThenServedFromTheCache() {
        int before = stand().calls();
        Response first = send(DAV, basic("webdav-bot", APP_PASSWORD));
        assertEquals(200, first.statusCode(), first.asString());
        assertEquals("webdav-bot", first.header("X-authentik-username"));
        assertEquals("admins", first.header("X-authentik-groups"));
        assertEquals("read|write", first.header("X-authentik-entitlements"));
        assertEquals(3, first.header("X-authentik-jwt").split("\\.").length, "the ID token, as the outpost sends it");
        assertEquals(before + 1, stand().calls());
        assertEquals("client_credentials", stand().lastForm().get("grant_type"));
        assertEquals("dav-client", stand().lastForm().get("client_id"));
        assertEquals("webdav-bot", stand().lastForm().get("username"));
        assertEquals("openid profile email entitlements", stand().lastForm().get("scope"));
        for (int i = 0; i < 5; i++) {
            Response again = send(DAV, basic("webdav-bot", APP_PASSWORD));
            assertEquals(200, again.statusCode());
            assertEquals(first.header("X-authentik-jwt"), again.header("X-authentik-jwt"));
        }
        assertEquals(before + 1, stand().calls(), "five more requests, no more exchange");
    }

    @Test
    void wrongAppPasswordIs401WithTheBasicChallengeFirstAndIsNotAskedAgainAtOnce() {
        int before = stand().calls();
        assertBasicChallengeFirst(send(DAV, basic("webdav-bot", "wrong-password-1")), "invalid_credentials");
        assertBasicChallengeFirst(send(DAV, basic("webdav-bot", "wrong-password-1")), "invalid_credentials");
        assertEquals(before + 1, stand().calls(), "a refused credential is remembered briefly");
    }

    @Test
    void theInvalidGrantLogLineNamesTheLikelyCausesGrantTypesIncluded() {
        String path = "/dav/invalid-grant-" + System.nanoTime();
        given().header("X-Forwarded-Host", DAV).header("X-Forwarded-For", address).header("X-Forwarded-Uri", path)
                .header("Authorization", basic("webdav-bot", "wrong-for-the-log")).get("/auth");
        List<String> lines = LogCapture.INSTANCE.records().stream().filter(r -> r.contains("path=" + path + " ")).toList();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains("error=invalid_grant; likely causes: wrong user name or app password"), lines.get(0));
        assertTrue(lines.get(0).contains("client_credentials missing from the provider's grant types"), lines.get(0));
    }

    @Test
    void concurrentIdenticalRequestsShareOneExchange() {
        stand().appPassword("sync-bot", "sync-password", List.of("staff"), List.of());
        stand().delayMillis(400);
        int before = stand().calls();
        List<CompletableFuture<Integer>> requests = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            requests.add(CompletableFuture.supplyAsync(() -> send(DAV, basic("sync-bot", "sync-password")).statusCode()));
        }
        requests.forEach(r -> assertEquals(200, r.join()));
        assertEquals(before + 1, stand().calls());
    }

    @Test
    void jwtPasswordForTheTokenUserIsVerifiedLikeABearerToken() {
        int before = stand().calls();
        String token = Tokens.forApp("dav", "dav-client").sign(OutpostResource.DAV);
        Response response = send(DAV, basic("goauthentik.io/token", token));
        assertEquals(200, response.statusCode(), response.asString());
        assertEquals("alice", response.header("X-authentik-username"));
        assertEquals(token, response.header("X-authentik-jwt"));
        assertEquals(before, stand().calls(), "a JWT needs no exchange");
    }

    @Test
    void wrongJwtPasswordIs401WithTheBasicChallenge() {
        String expired = Tokens.forApp("dav", "dav-client").expiresInSeconds(-120).sign(OutpostResource.DAV);
        assertBasicChallengeFirst(send(DAV, basic("goauthentik.io/token", expired)), "expired");
        String otherApp = Tokens.forApp("grafana", "grafana-client").sign(OutpostResource.DAV);
        assertBasicChallengeFirst(send(DAV, basic("goauthentik.io/token", otherApp)), "wrong_issuer");
        assertBasicChallengeFirst(send(DAV, basic("goauthentik.io/token", "not-a-jwt")), "malformed");
    }

    @Test
    void withoutCredentialAMachineClientIsChallengedForBasic() {
        Response response = given().header("X-Forwarded-Host", DAV).header("X-Forwarded-For", address).get("/auth");
        assertBasicChallengeFirst(response, "missing_token");
    }

    @ParameterizedTest(name = "Authorization: {0}")
    @ValueSource(strings = {"Basic", "Basic !!!not-base64!!!", "Basic bm8tY29sb24=", "Basic OnBhc3N3b3Jk"})
    void malformedBasicCredentialIs401NotAnError(String authorization) {
        assertBasicChallengeFirst(send(DAV, authorization), "malformed_credentials");
    }

    @Test
    void appsThatDidNotOptInIgnoreBasic() {
        int before = stand().calls();
        Response response = send("grafana.example.test", basic("webdav-bot", APP_PASSWORD));
        assertEquals(401, response.statusCode());
        assertEquals("missing_token", response.jsonPath().getString("reason"));
        assertEquals(List.of("Bearer realm=\"grafana\""), response.headers().getValues("WWW-Authenticate"));
        assertEquals(before, stand().calls());
    }

    @Test
    void basicCredentialWithASecondAuthorizationHeaderIsRefused() {
        Response response = given().header("X-Forwarded-Host", DAV).header("X-Forwarded-For", address)
                .header("Authorization", basic("webdav-bot", APP_PASSWORD))
                .header("Authorization", "Bearer x.y.z").get("/auth");
        assertEquals(401, response.statusCode());
        assertEquals("duplicate_credentials", response.jsonPath().getString("reason"));
    }

    @Test
    void repeatedFailuresFromOneAddressAreRefusedWithoutAskingAuthentik() {
        stand().appPassword("limited-bot", "limited-password", List.of("staff"), List.of());
        for (int i = 0; i < OutpostResource.MAX_FAILURES; i++) {
            assertBasicChallengeFirst(send(DAV, basic("webdav-bot", "guess-" + i)), "invalid_credentials");
        }
        int before = stand().calls();
        // even a right password not verified before: an address over the limit gets no answer that depends on it
        assertBasicChallengeFirst(send(DAV, basic("limited-bot", "limited-password")), "too_many_failures");
        assertBasicChallengeFirst(send(DAV, basic("webdav-bot", "guess-next")), "too_many_failures");
        assertEquals(before, stand().calls());
        address = "198.51.100.250";
        assertEquals(200, send(DAV, basic("limited-bot", "limited-password")).statusCode(), "another address is not slowed");
    }

    @Test
    void thePasswordNeverReachesTheLog() {
        String password = "never-logged-" + System.nanoTime();
        send(DAV, basic("webdav-bot", password));
        send(DAV, basic("goauthentik.io/token", password));
        List<String> records = LogCapture.INSTANCE.records();
        assertFalse(records.isEmpty());
        records.forEach(record -> assertFalse(record.contains(password), record));
        records.forEach(record -> assertFalse(record.contains(APP_PASSWORD), record));
    }
}
