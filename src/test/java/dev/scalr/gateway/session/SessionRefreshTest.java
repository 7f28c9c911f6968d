package dev.scalr.gateway.session;

import dev.scalr.gateway.signin.SignInFlowTest;
import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.FakeSignIn;
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

    @BeforeEach
    void reset() {
        Gateway.awaitReady();
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
}
