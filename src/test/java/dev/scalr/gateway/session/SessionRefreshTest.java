package dev.scalr.gateway.session;

import dev.scalr.gateway.signin.SignInFlowTest;
import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.dev.authentik.FakeSignIn;
import dev.scalr.gateway.support.Gateway;
import dev.scalr.gateway.web.AuthListener;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.scalr.gateway.signin.SignInFlowTest.HTML;
import static dev.scalr.gateway.signin.SignInFlowTest.finish;
import static dev.scalr.gateway.signin.SignInFlowTest.forwarded;
import static dev.scalr.gateway.signin.SignInFlowTest.jwtClaims;
import static dev.scalr.gateway.signin.SignInFlowTest.sessionCookie;
import static dev.scalr.gateway.signin.SignInFlowTest.startSignIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Silent refresh with the in-memory store (one replica), against the stand-in's rotating refresh tokens and
 * short ID-token lifetimes: sessions outlive their ID tokens without a redirect, concurrent requests at expiry
 * share one refresh, a refresh Authentik refuses ends the session, sign-out ends it here and at Authentik.
 */
@QuarkusTest
@WithTestResource(SessionRefreshTest.Refreshing.class)
class SessionRefreshTest {

    static final String HOST = "grafana.example.test";

    public static class Refreshing extends FakeAuthentikResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = super.start();
            server().signIn().withoutOfflineAccess("wiki-client"); // a provider without the offline_access mapping
            return config;
        }

        @Override
        protected Map<String, String> extraConfig() {
            return Map.of("gateway.session.refresh", "true", "gateway.headers.forward-token", "true",
                    "gateway.session.post-logout-path", "/signed-out");
        }
    }

    @Inject
    AuthListener listener;
    /** The main port: /q/health, and /backchannel-logout/<slug> for Authentik. */
    int mainPort;

    @BeforeEach
    void reset() {
        Gateway.awaitReady();
        mainPort = RestAssured.port;
        RestAssured.port = listener.port();
        FakeSignIn authentik = FakeAuthentikResource.server().signIn();
        authentik.user("alice", "admins", "staff");
        authentik.reactivate("alice");
        authentik.idTokenLifetimeSeconds(3600);
        authentik.refreshDelayMillis(0);
    }

    static FakeSignIn authentik() {
        return FakeAuthentikResource.server().signIn();
    }

    static String signIn(long idTokenSeconds) {
        authentik().idTokenLifetimeSeconds(idTokenSeconds);
        return sessionCookie(finish(HOST, startSignIn(HOST, "/")));
    }

    static Response request(String session) {
        return forwarded(HOST, "/api/data").header("Cookie", session).header("Sec-Fetch-Mode", "cors").get("/auth");
    }

    @Test
    void signInAsksForOfflineAccessAndTheCookieHoldsOnlyAnId() {
        SignInFlowTest.Callback callback = startSignIn(HOST, "/");
        assertTrue(List.of(FakeSignIn.queryOf(callback.authorizeUrl()).get("scope").split(" ")).contains("offline_access"));
        String session = sessionCookie(finish(HOST, callback));
        assertTrue(session.length() < 200, "a stored session's cookie is small: " + session.length());
        request(session).then().statusCode(200).header("X-authentik-username", "alice");
    }

    @Test
    void sessionOutlivesThreeIdTokenLifetimesWithoutARedirect() {
        String session = signIn(2);
        int refreshes = authentik().refreshCalls();
        long end = System.currentTimeMillis() + 7_000;
        while (System.currentTimeMillis() < end) {
            Response response = request(session);
            assertEquals(200, response.statusCode(), response.asString());
            assertTrue(response.headers().getValues("Set-Cookie").isEmpty(), "nothing for the browser to keep");
            Gateway.sleep(200);
        }
        assertTrue(authentik().refreshCalls() - refreshes >= 3, "refreshed " + (authentik().refreshCalls() - refreshes));
        assertEquals(0, authentik().revokedReuse(), "a revoked refresh token was never presented");
    }

    @Test
    void tenConcurrentRequestsAtExpiryAllSucceedWithOneRefresh() throws Exception {
        String session = signIn(2);
        request(session).then().statusCode(200);
        Gateway.sleep(2_100);
        authentik().refreshDelayMillis(300); // the refresh is still in flight when the others arrive
        int refreshes = authentik().refreshCalls();
        int reuse = authentik().revokedReuse();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                answers.add(CompletableFuture.supplyAsync(() -> request(session).statusCode(), pool));
            }
            for (CompletableFuture<Integer> answer : answers) {
                assertEquals(200, answer.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, authentik().refreshCalls() - refreshes, "one refresh for ten requests");
        assertEquals(reuse, authentik().revokedReuse());
    }

    @Test
    void refreshRefusedByAuthentikEndsTheSession() {
        String session = signIn(2);
        request(session).then().statusCode(200);
        authentik().endSessionsOf("alice"); // deactivated, or the session ended in Authentik
        Gateway.sleep(2_100);
        request(session).then().statusCode(401);
        authentik().reactivate("alice");
        forwarded(HOST, "/").header("Cookie", session).header("Accept", HTML).get("/auth").then().statusCode(302);
        request(session).then().statusCode(401); // ended for good: the store forgot it
    }

    @Test
    void xAuthentikJwtIsTheSessionsCurrentIdToken() {
        SignInFlowTest.Callback callback = startSignIn(HOST, "/");
        authentik().idTokenLifetimeSeconds(2);
        String session = sessionCookie(finish(HOST, callback));
        String first = request(session).header("X-authentik-jwt");
        assertEquals(FakeSignIn.queryOf(callback.authorizeUrl()).get("nonce"), jwtClaims(first).get("nonce"));
        Gateway.sleep(2_100);
        String refreshed = request(session).header("X-authentik-jwt");
        assertNotEquals(first, refreshed);
        assertNull(jwtClaims(refreshed).get("nonce"), "a refreshed ID token carries no nonce");
        assertEquals("alice", jwtClaims(refreshed).get("preferred_username"));
    }

    @Test
    void groupsChangedInAuthentikArriveWithTheNextRefresh() {
        String session = signIn(2);
        request(session).then().statusCode(200).header("X-authentik-groups", "admins|staff");
        authentik().user("alice", "staff", "auditors");
        Gateway.sleep(2_100);
        request(session).then().statusCode(200).header("X-authentik-groups", "staff|auditors");
    }

    @Test
    void signOutSendsTheCurrentIdTokenAndEndsTheStoredSession() {
        String session = signIn(3600);
        String idToken = request(session).header("X-authentik-jwt");
        Response out = forwarded(HOST, "/.scalr-auth/sign_out").header("Sec-Fetch-Site", "same-origin")
                .header("Cookie", session).get("/auth");
        assertEquals(302, out.statusCode(), out.asString());
        Map<String, String> query = FakeSignIn.queryOf(out.header("Location"));
        assertTrue(out.header("Location").startsWith("https://auth.example.test/application/o/grafana/end-session/?"));
        assertEquals(idToken, query.get("id_token_hint"));
        assertEquals("https://grafana.example.test/signed-out", query.get("post_logout_redirect_uri"));
        assertEquals("grafana-client", query.get("client_id"));
        request(session).then().statusCode(401); // a copy of the cookie kept elsewhere is no session any more
    }

    @Test
    void providerWithoutOfflineAccessKeepsTheSealedSession() {
        FakeAuthentikResource.server().signIn().user("alice", "editors");
        String session = sessionCookie(finish("wiki.example.test", startSignIn("wiki.example.test", "/")));
        assertTrue(session.length() > 400, "sealed: the identity and ID token are in the cookie");
        forwarded("wiki.example.test", "/page").header("Cookie", session).get("/auth").then().statusCode(200)
                .header("X-authentik-username", "alice");
    }

    static final String ALICE_SUB = "b3c1f0d7e1a2grafana";

    Response backChannelLogout(String token) {
        return io.restassured.RestAssured.given().port(mainPort).contentType("application/x-www-form-urlencoded")
                .formParam("logout_token", token).post("/backchannel-logout/grafana");
    }

    static String logoutToken(String sub, String sid) {
        return authentik().logoutToken("grafana-client", sub, sid, header -> { }, claims -> { });
    }

    @Test
    void backChannelLogoutBySubEndsEverySessionOfTheUserAtOnceAndRefusesItsReplay() {
        String laptop = signIn(3600);
        String phone = signIn(3600);
        request(laptop).then().statusCode(200);
        request(phone).then().statusCode(200);
        String token = logoutToken(ALICE_SUB, null);
        backChannelLogout(token).then().statusCode(200);
        request(laptop).then().statusCode(401);
        request(phone).then().statusCode(401);
        backChannelLogout(token).then().statusCode(400).body("error_description", org.hamcrest.Matchers.containsString("jti"));
    }

    @Test
    void backChannelLogoutBySidEndsOnlyThatAuthentikSession() {
        String ended = signIn(3600);
        String sid = authentik().lastSid();
        String other = signIn(3600);
        backChannelLogout(logoutToken(null, sid)).then().statusCode(200);
        request(ended).then().statusCode(401);
        request(other).then().statusCode(200);
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "logout token {0} -> 400, the session stays")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"signed by another key", "wrong issuer", "wrong audience",
            "no events", "other event", "with a nonce", "typ at+jwt", "neither sub nor sid", "no jti", "iat in the future",
            "iat too old", "expired", "alg none", "garbage", "missing"})
    void invalidLogoutTokenIs400AndEndsNothing(String flaw) {
        String session = signIn(3600);
        String token = switch (flaw) {
            case "signed by another key" -> {
                dev.scalr.gateway.dev.authentik.SigningKey other = dev.scalr.gateway.dev.authentik.SigningKey.rsa();
                yield authentik().logoutToken("grafana-client", ALICE_SUB, null, h -> {
                    h.setKey(other.jwk().getPrivateKey());
                }, c -> { });
            }
            case "wrong issuer" -> authentik().logoutToken("grafana-client", ALICE_SUB, null, h -> { },
                    c -> c.setIssuer("https://auth.example.test/application/o/wiki/"));
            case "wrong audience" -> authentik().logoutToken("grafana-client", ALICE_SUB, null, h -> { },
                    c -> c.setAudience("wiki-client"));
            case "no events" -> authentik().logoutToken("grafana-client", ALICE_SUB, null, h -> { }, c -> c.unsetClaim("events"));
            case "other event" -> authentik().logoutToken("grafana-client", ALICE_SUB, null, h -> { },
                    c -> c.setClaim("events", Map.of("http://schemas.openid.net/event/other", Map.of())));
            case "with a nonce" -> authentik().logoutToken("grafana-client", ALICE_SUB, null, h -> { }, c -> c.setClaim("nonce", "n"));
            case "typ at+jwt" -> authentik().logoutToken("grafana-client", ALICE_SUB, null, h -> h.setHeader("typ", "at+jwt"), c -> { });
            case "neither sub nor sid" -> authentik().logoutToken("grafana-client", null, null, h -> { }, c -> { });
            case "no jti" -> authentik().logoutToken("grafana-client", ALICE_SUB, null, h -> { }, c -> c.unsetClaim("jti"));
            case "iat in the future" -> authentik().logoutToken("grafana-client", ALICE_SUB, null, h -> { },
                    c -> c.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(System.currentTimeMillis() / 1000 + 600)));
            case "iat too old" -> authentik().logoutToken("grafana-client", ALICE_SUB, null, h -> { },
                    c -> c.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(System.currentTimeMillis() / 1000 - 3600)));
            case "expired" -> authentik().logoutToken("grafana-client", ALICE_SUB, null, h -> { },
                    c -> c.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(System.currentTimeMillis() / 1000 - 120)));
            case "alg none" -> {
                String signed = logoutToken(ALICE_SUB, null);
                String[] parts = signed.split("\\.");
                yield dev.scalr.gateway.dev.authentik.Tokens.b64("{\"alg\":\"none\",\"typ\":\"logout+jwt\"}") + "." + parts[1] + ".";
            }
            case "garbage" -> "not.a.token";
            default -> null;
        };
        Response response = token == null ? io.restassured.RestAssured.given().port(mainPort)
                .contentType("application/x-www-form-urlencoded").formParam("other", "x").post("/backchannel-logout/grafana")
                : backChannelLogout(token);
        assertEquals(400, response.statusCode(), response.asString());
        assertEquals("invalid_request", response.jsonPath().getString("error"));
        request(session).then().statusCode(200);
    }

    @Test
    void backChannelLogoutIsNotOnTheForwardAuthListener() {
        io.restassured.RestAssured.given().port(listener.port()).contentType("application/x-www-form-urlencoded")
                .formParam("logout_token", logoutToken(ALICE_SUB, null)).post("/backchannel-logout/grafana")
                .then().statusCode(404);
    }
}
