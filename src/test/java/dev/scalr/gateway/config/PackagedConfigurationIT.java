package dev.scalr.gateway.config;

import dev.scalr.gateway.dev.authentik.FakeAuthentik;
import dev.scalr.gateway.support.PackagedGateway;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The packaged jar, configured the way compose does it: environment variables only. */
class PackagedConfigurationIT {

    @Test
    void malformedSettingsStopStartupNamingEachProperty() throws Exception {
        try (PackagedGateway gateway = PackagedGateway.launch(Map.of(
                "AUTHENTIK_HOST", "auth.example.com",
                "GATEWAY_APPS_GRAFANA_CLIENT_ID", "grafana-client",
                "GATEWAY_TOKEN_ALGORITHMS", "RS256,HS256"))) {
            assertNotEquals(0, gateway.awaitExit(Duration.ofSeconds(30)));
            String log = gateway.logText();
            assertTrue(log.contains("authentik.host (AUTHENTIK_HOST): 'auth.example.com' must be an absolute http(s) URL"), log);
            assertTrue(log.contains("gateway.token.algorithms: 'HS256' is not allowed"), log);
            assertTrue(log.contains("gateway.session.keys (GATEWAY_SESSION_KEYS): required"), log);
            assertFalse(log.contains("\tat "), "no stack trace for a configuration error:\n" + log);
        }
    }

    @Test
    void unparsableDurationStopsStartupNamingTheProperty() throws Exception {
        try (PackagedGateway gateway = PackagedGateway.launch(Map.of("GATEWAY_APPS_WHOAMI_ENABLED", "true",
                "GATEWAY_KEYS_REFRESH_INTERVAL", "often"))) {
            assertNotEquals(0, gateway.awaitExit(Duration.ofSeconds(30)));
            assertTrue(gateway.logText().contains("gateway.keys.refresh-interval"), gateway.logText());
        }
    }

    @Test
    void listenerPortInUseStopsStartupNamingTheProperty() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             PackagedGateway gateway = PackagedGateway.launch(Map.of("GATEWAY_APPS_WHOAMI_ENABLED", "true",
                     "GATEWAY_LISTENER_PORT", String.valueOf(taken.getLocalPort())))) {
            assertNotEquals(0, gateway.awaitExit(Duration.ofSeconds(30)));
            String log = gateway.logText();
            assertTrue(log.contains("gateway.listener.port (GATEWAY_LISTENER_PORT): cannot listen on 127.0.0.1:"
                    + taken.getLocalPort()), log);
            assertFalse(log.contains("\tat "), "no stack trace for a configuration error:\n" + log);
        }
    }

    @Test
    void appKeyWithUnderscoreStopsStartupListingTheVariable() throws Exception {
        try (PackagedGateway gateway = PackagedGateway.launch(Map.of("GATEWAY_APPS_APP_A_SLUG", "app-a",
                "GATEWAY_APPS_APP_A_SIGN_IN", "false"))) {
            assertNotEquals(0, gateway.awaitExit(Duration.ofSeconds(30)));
            String log = gateway.logText();
            assertTrue(log.contains("GATEWAY_APPS_APP_A_SLUG: binds to no app setting"), log);
            assertTrue(log.contains("GATEWAY_APPS_APP_A_SIGN_IN: binds to no app setting"), log);
            assertTrue(log.contains("GATEWAY_APPS_APPA_SLUG=<slug>"), log);
            assertTrue(log.contains("gateway.apps: no app is declared"), log);
            assertFalse(log.contains("\tat "), "no stack trace for a configuration error:\n" + log);
        }
    }

    @Test
    void noAppStopsStartupUnlessAllowed() throws Exception {
        try (PackagedGateway gateway = PackagedGateway.launch(Map.of())) {
            assertNotEquals(0, gateway.awaitExit(Duration.ofSeconds(30)));
            assertTrue(gateway.logText().contains("GATEWAY_ALLOW_NO_APPS=true"), gateway.logText());
        }
        // with no app there are no keys, so readiness never turns UP: wait for the listener to answer instead
        try (PackagedGateway gateway = PackagedGateway.launch(Map.of("GATEWAY_ALLOW_NO_APPS", "true"))) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.authUrl()))
                    .header("X-Forwarded-Host", "any.example.test").build();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            Integer status = null;
            while (status == null && System.nanoTime() < deadline) {
                try {
                    status = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).statusCode();
                } catch (java.io.IOException notYet) {
                    Thread.sleep(100);
                }
            }
            assertEquals(403, status, gateway.logText());
        }
    }

    @Test
    void quarkusProxyAddressForwardingStopsStartupNamingTheProperty() throws Exception {
        try (PackagedGateway gateway = PackagedGateway.launch(Map.of("GATEWAY_APPS_WHOAMI_ENABLED", "true",
                "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true", "QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED", "true"))) {
            assertNotEquals(0, gateway.awaitExit(Duration.ofSeconds(30)));
            String log = gateway.logText();
            assertTrue(log.contains("quarkus.http.proxy.proxy-address-forwarding (QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING): is true"), log);
            assertTrue(log.contains("quarkus.http.proxy.allow-x-forwarded (QUARKUS_HTTP_PROXY_ALLOW_X_FORWARDED): is true"), log);
        }
    }

    @Test
    void appsConfiguredByEnvironmentAloneDecide() throws Exception {
        SigningKey key = SigningKey.rsa();
        FakeAuthentik authentik = new FakeAuthentik().start();
        authentik.publish("team-wiki", SigningKey.jwks(key));
        Map<String, String> env = PackagedGateway.oneApp(authentik.baseUrl());
        env.put("GATEWAY_APPS_WIKI_ALLOWED_GROUPS", "editors");
        try (PackagedGateway gateway = PackagedGateway.start(env)) {
            HttpClient client = HttpClient.newHttpClient();
            String editor = Tokens.forApp("team-wiki", "wiki-client").groups("editors").sign(key);
            String other = Tokens.forApp("team-wiki", "wiki-client").groups("staff").sign(key);
            assertEquals(200, send(client, gateway, editor).statusCode());
            assertEquals(403, send(client, gateway, other).statusCode());
            assertEquals("alice", send(client, gateway, editor).headers().firstValue("X-authentik-username").orElse(""));
        } finally {
            authentik.stop();
        }
    }

    @Test
    void gatewayStartedBeforeAuthentikIsReadySecondsAfterAuthentikComesUp() throws Exception {
        SigningKey key = SigningKey.rsa();
        int authentikPort = PackagedGateway.freePort();
        FakeAuthentik authentik = new FakeAuthentik(authentikPort);
        try (PackagedGateway gateway = PackagedGateway.launch(PackagedGateway.oneApp("http://127.0.0.1:" + authentikPort))) {
            // compose starts both at once and Authentik takes far longer: the first fetches are refused
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!gateway.logText().contains("keys=fetch-failed") && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertTrue(gateway.logText().contains("keys=fetch-failed"), gateway.logText());
            Thread.sleep(2_000);
            authentik.publish("team-wiki", SigningKey.jwks(key));
            authentik.start();
            // retries back off 1, 2, 4, 8 s ... capped at the 30 s cooldown; the scheduled refresh is 10 minutes away
            Duration ready = gateway.awaitReady(Duration.ofSeconds(20));
            System.out.println("ready " + ready.toMillis() + " ms after Authentik came up");
            String token = Tokens.forApp("team-wiki", "wiki-client").sign(key);
            assertEquals(200, send(HttpClient.newHttpClient(), gateway, token).statusCode());
        } finally {
            authentik.stop();
        }
    }

    private static HttpResponse<String> send(HttpClient client, PackagedGateway gateway, String token) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create(gateway.authUrl()))
                .header("X-Forwarded-Host", "team-wiki.example.test").header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
