package dev.scalr.gateway.e2e;

import dev.scalr.gateway.dev.authentik.FakeSignIn;
import dev.scalr.gateway.support.PackagedGateway;
import dev.scalr.gateway.support.RawHttp;
import dev.scalr.gateway.support.RawHttp.Response;
import dev.scalr.gateway.support.RedisServer;
import dev.scalr.gateway.dev.authentik.Tokens;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sessions that do not break, through a real proxy in front of two packaged gateways sharing a real Redis
 * (gateway.session.store=redis) and the Authentik stand-in with 2-second ID tokens and rotating refresh tokens.
 * The session cookie never changes after sign-in (the design needs no cookie on a 2xx, which Caddy drops and
 * Traefik passes only when listed in addAuthCookiesToResponse), and the proxy alternates the replicas.
 */
class SessionsThroughProxiesIT {

    private static final String HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8";
    private static final String SUB = "b3c1f0d7e1a2" + ProxyStack.SLUG;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @ParameterizedTest
    @EnumSource(ProxyKind.class)
    void sessionsSurviveExpiryRacesAndEndWhenAuthentikOrTheUserSaysSo(ProxyKind kind) throws Exception {
        try (RedisServer redis = RedisServer.start();
             ProxyStack stack = ProxyStack.start(kind, Map.of("GATEWAY_SESSION_REFRESH", "true",
                     "GATEWAY_SESSION_STORE", "redis", "QUARKUS_REDIS_HOSTS", redis.url(),
                     "GATEWAY_SESSION_POST_LOGOUT_PATH", "/bye"), 2)) {
            FakeSignIn authentik = stack.authentik().signIn();
            authentik.idTokenLifetimeSeconds(2);
            String origin = "http://127.0.0.1:" + stack.proxyPort();

            // XHR and WebSocket without a session: 401 naming a sign-in URL, which works when navigated to
            for (Map<String, String> headers : List.of(
                    Map.of("Sec-Fetch-Mode", "cors", "Accept", "application/json", "Referer", origin + "/reports?y=1"),
                    Map.of("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version", "13",
                            "Upgrade", "websocket", "Connection", "Upgrade", "Referer", origin + "/reports?y=1"))) {
                Response refused = RawHttp.get(stack.proxyPort(), "/live", headers);
                assertEquals(401, refused.status(), () -> refused + "\n" + stack.proxyLog());
                assertTrue(refused.header("WWW-Authenticate").contains("sign_in_url=\"" + origin
                        + "/.scalr-auth/start?rd=%2Freports%3Fy%3D1\""), refused::toString);
                assertTrue(refused.headers("Set-Cookie").isEmpty(), refused::toString);
            }
            String session = signIn(stack, origin, "/.scalr-auth/start?rd=%2Freports%3Fy%3D1", origin + "/reports?y=1");

            // outlives three ID-token lifetimes without a redirect, alternating replicas
            int refreshes = authentik.refreshCalls();
            long end = System.currentTimeMillis() + 7_000;
            while (System.currentTimeMillis() < end) {
                Response app = RawHttp.get(stack.proxyPort(), "/reports", Map.of("Accept", HTML, "Cookie", session));
                assertEquals(200, app.status(), () -> app + "\n" + stack.proxyLog());
                assertEquals(List.of("alice"), EchoBackend.received(app.body(), "X-authentik-username"));
                Thread.sleep(150);
            }
            assertTrue(authentik.refreshCalls() - refreshes >= 3, "refreshes: " + (authentik.refreshCalls() - refreshes));

            // ten concurrent requests at expiry, spread over both replicas: all 200, one refresh, no revoked reuse
            Thread.sleep(2_100);
            authentik.refreshDelayMillis(300);
            int before = authentik.refreshCalls();
            assertEquals(java.util.Collections.nCopies(10, 200), concurrently(10, () -> RawHttp.get(stack.proxyPort(), "/reports",
                    Map.of("Cookie", session, "Sec-Fetch-Mode", "cors")).status()));
            assertEquals(1, authentik.refreshCalls() - before, "one refresh across both replicas (a lock in Redis)");
            assertEquals(0, authentik.revokedReuse());
            authentik.refreshDelayMillis(0);

            // sign-out sends id_token_hint and post_logout_redirect_uri; the session ends on both replicas
            Response out = RawHttp.get(stack.proxyPort(), "/.scalr-auth/sign_out",
                    Map.of("Accept", HTML, "Cookie", session, "Sec-Fetch-Site", "same-origin"));
            assertEquals(302, out.status(), () -> out + "\n" + stack.proxyLog());
            Map<String, String> endSession = FakeSignIn.queryOf(out.header("Location"));
            assertTrue(out.header("Location").startsWith(Tokens.PUBLIC_AUTHENTIK + "/application/o/whoami/end-session/?"));
            assertTrue(endSession.get("id_token_hint").split("\\.").length == 3, out::toString);
            assertEquals(origin + "/bye", endSession.get("post_logout_redirect_uri"));
            for (PackagedGateway replica : stack.replicas()) {
                assertEquals(401, direct(replica, session).status());
            }

            // back-channel logout at one replica ends the session on the other at its next request
            String again = signIn(stack, origin, "/", origin + "/");
            for (PackagedGateway replica : stack.replicas()) {
                assertEquals(200, direct(replica, again).status());
            }
            backChannelLogout(authentik, stack.replicas().get(0));
            assertEquals(401, direct(stack.replicas().get(1), again).status(), "ended on the other replica at once");
            assertEquals(401, direct(stack.replicas().get(0), again).status());

            // a refresh Authentik refuses (user deactivated) ends the session
            String third = signIn(stack, origin, "/", origin + "/");
            authentik.endSessionsOf("alice");
            Thread.sleep(2_100);
            Response refused = RawHttp.get(stack.proxyPort(), "/reports", Map.of("Cookie", third, "Sec-Fetch-Mode", "cors"));
            assertEquals(401, refused.status(), () -> refused + "\n" + stack.proxyLog());
            authentik.reactivate("alice");
            assertEquals(401, RawHttp.get(stack.proxyPort(), "/reports", Map.of("Cookie", third, "Sec-Fetch-Mode", "cors")).status());
        }
    }

    /**
     * Without silent refresh, sessions are sealed in the cookie, yet with the Redis store replicas still agree: a
     * back-channel logout received by one replica ends the session at the other, and a sign-in answer redeemed at
     * one replica is a replay at the other (no second code exchange).
     */
    @Test
    void sealedSessionsAndLoginAnswersAreSharedThroughRedis() throws Exception {
        try (RedisServer redis = RedisServer.start();
             ProxyStack stack = ProxyStack.start(ProxyKind.CADDY, Map.of("GATEWAY_SESSION_STORE", "redis",
                     "QUARKUS_REDIS_HOSTS", redis.url()), 2)) {
            FakeSignIn authentik = stack.authentik().signIn();
            String origin = "http://127.0.0.1:" + stack.proxyPort();
            SignedIn signedIn = signInFlow(stack, origin, "/");
            String sealed = signedIn.session();
            assertTrue(sealed.length() > 200, "a sealed session, not a stored one's id: " + sealed);

            for (PackagedGateway replica : stack.replicas()) {
                Response replay = RawHttp.get(replica.listenerPort(), "/auth", Map.of("X-Forwarded-Proto", "http",
                        "X-Forwarded-Host", "127.0.0.1", "X-Forwarded-Uri", signedIn.callbackPath(),
                        "X-Forwarded-Method", "GET", "Accept", HTML, "Cookie", signedIn.loginCookie()));
                assertEquals(400, replay.status(), () -> "replayed at " + replica.url() + ": " + replay);
                assertTrue(replay.body().contains("answer was already used"), replay::toString);
            }

            for (PackagedGateway replica : stack.replicas()) {
                assertEquals(200, direct(replica, sealed).status());
            }
            backChannelLogout(authentik, stack.replicas().get(0));
            assertEquals(401, direct(stack.replicas().get(1), sealed).status(), "ended on the other replica");
            assertEquals(401, direct(stack.replicas().get(0), sealed).status());
            // a subject's mark ends every session issued up to its second (sealed cookies carry iat in seconds)
            Thread.sleep(1_100);
            assertEquals(200, direct(stack.replicas().get(1), signInFlow(stack, origin, "/").session()).status(),
                    "signing in again works");
        }
    }

    /** Navigation through the proxy -> Authentik stand-in -> callback; returns the session cookie (name=value). */
    private static String signIn(ProxyStack stack, String origin, String start, String landing) throws Exception {
        SignedIn signedIn = signInFlow(stack, origin, start);
        assertEquals(landing, signedIn.landing());
        String session = signedIn.session();
        assertTrue(session.startsWith("_scalr_auth_whoami=") && session.length() < 200, session);
        return session;
    }

    /** The session cookie, where the callback sent the browser, and the callback with its login cookie (name=value). */
    private record SignedIn(String session, String landing, String callbackPath, String loginCookie) {
    }

    private static SignedIn signInFlow(ProxyStack stack, String origin, String start) throws Exception {
        Response signIn = RawHttp.get(stack.proxyPort(), start, Map.of("Accept", HTML, "Sec-Fetch-Mode", "navigate",
                "Sec-Fetch-Dest", "document"));
        assertEquals(302, signIn.status(), () -> signIn + "\n" + stack.proxyLog());
        String loginCookie = signIn.header("Set-Cookie").split(";")[0];
        HttpResponse<String> atAuthentik = CLIENT.send(HttpRequest.newBuilder(URI.create(
                signIn.header("Location").replace(Tokens.PUBLIC_AUTHENTIK, stack.authentik().baseUrl()))).build(),
                HttpResponse.BodyHandlers.ofString());
        String callback = atAuthentik.headers().firstValue("Location").orElseThrow().substring(origin.length());
        Response back = RawHttp.get(stack.proxyPort(), callback, Map.of("Accept", HTML, "Cookie", loginCookie));
        assertEquals(302, back.status(), () -> back + "\n" + stack.proxyLog());
        return new SignedIn(back.headers("Set-Cookie").get(0).split(";")[0], back.header("Location"), callback, loginCookie);
    }

    /** One replica's forwardAuth listener, asked directly (as Traefik would), with the session cookie. */
    private static Response direct(PackagedGateway replica, String session) throws Exception {
        Map<String, String> headers = new HashMap<>(Map.of("X-Forwarded-Proto", "http", "X-Forwarded-Host", "127.0.0.1",
                "X-Forwarded-Uri", "/reports", "X-Forwarded-Method", "GET", "Cookie", session, "Sec-Fetch-Mode", "cors"));
        return RawHttp.get(replica.listenerPort(), "/auth", headers);
    }

    private interface Call {
        int status() throws Exception;
    }

    private static List<Integer> concurrently(int n, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<CompletableFuture<Integer>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                futures.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return call.status();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, pool));
            }
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<Integer> future : futures) {
                statuses.add(future.get());
            }
            return statuses;
        } finally {
            pool.shutdown();
        }
    }

    /** Authentik's back-channel logout of the test user, delivered to one replica. */
    private static void backChannelLogout(FakeSignIn authentik, PackagedGateway replica) throws Exception {
        String token = authentik.logoutToken(ProxyStack.CLIENT_ID, SUB, null, h -> { }, c -> { });
        HttpResponse<String> logout = CLIENT.send(HttpRequest.newBuilder(URI.create(replica.url()
                        + "/backchannel-logout/" + ProxyStack.SLUG))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("logout_token=" + token)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, logout.statusCode(), logout::body);
    }
}
