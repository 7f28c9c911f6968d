package dev.scalr.gateway.e2e;

import dev.scalr.gateway.support.RawHttp;
import dev.scalr.gateway.support.RawHttp.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged gateway behind real proxies (Caddy forward_auth, nginx auth_request) in front of an echo app:
 * what a client gets back and what the app receives. See docs/proxies.md for how they differ from Traefik.
 */
class ThroughProxiesIT {

    private static final Map<ProxyKind, ProxyStack> STACKS = new EnumMap<>(ProxyKind.class);

    /** One stack per proxy for the whole class: starting the gateway is the slow part. */
    private static synchronized ProxyStack stack(ProxyKind kind) throws Exception {
        ProxyStack stack = STACKS.get(kind);
        if (stack == null) {
            stack = ProxyStack.start(kind);
            STACKS.put(kind, stack);
        }
        return stack;
    }

    @AfterAll
    static void stopStacks() {
        STACKS.values().forEach(ProxyStack::close);
        STACKS.clear();
    }

    private static Response get(ProxyStack stack, String target, Map<String, String> headers) throws Exception {
        return RawHttp.get(stack.proxyPort(), target, headers);
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token, "Accept", "application/json");
    }

    @ParameterizedTest
    @EnumSource(ProxyKind.class)
    void validTokenReachesTheAppWithIdentityHeaders(ProxyKind kind) throws Exception {
        ProxyStack stack = stack(kind);
        Response response = get(stack, "/dashboard?tab=1", bearer(stack.validToken()));

        assertEquals(200, response.status(), () -> response + "\n" + stack.proxyLog());
        assertEquals("backend", response.header("X-Echo"));
        assertEquals(List.of("alice"), EchoBackend.received(response.body(), "X-authentik-username"));
        assertEquals(List.of("admins|staff"), EchoBackend.received(response.body(), "X-authentik-groups"));
        assertEquals(List.of("alice@example.test"), EchoBackend.received(response.body(), "X-authentik-email"));
        assertEquals(List.of("Alice Example"), EchoBackend.received(response.body(), "X-authentik-name"));
        assertEquals(List.of("b3c1f0d7e1a2whoami"), EchoBackend.received(response.body(), "X-authentik-uid"));
    }

    @ParameterizedTest
    @EnumSource(ProxyKind.class)
    void spoofedIdentityHeaderIsReplacedByTheTokensIdentity(ProxyKind kind) throws Exception {
        ProxyStack stack = stack(kind);
        Map<String, String> headers = Map.of("Authorization", "Bearer " + stack.validToken(),
                "X-authentik-username", "admin", "X-authentik-groups", "admins|root",
                "X-authentik-entitlements", "billing-admin", "X-authentik-meta-app", "other-app");
        Response response = get(stack, "/", headers);

        assertEquals(200, response.status(), response::toString);
        assertEquals(List.of("alice"), EchoBackend.received(response.body(), "X-authentik-username"));
        assertEquals(List.of("admins|staff"), EchoBackend.received(response.body(), "X-authentik-groups"));
        // the token asserts no entitlements: the app sees none (dropped or empty), never the client's
        List<String> entitlements = EchoBackend.received(response.body(), "X-authentik-entitlements");
        assertTrue(entitlements.isEmpty() || entitlements.equals(List.of("")), entitlements::toString);
        assertEquals(List.of(ProxyStack.SLUG), EchoBackend.received(response.body(), "X-authentik-meta-app"));
    }

    @ParameterizedTest
    @EnumSource(ProxyKind.class)
    void spoofedIdentityHeaderWithoutTokenNeverReachesTheApp(ProxyKind kind) throws Exception {
        ProxyStack stack = stack(kind);
        Response response = get(stack, "/", Map.of("X-authentik-username", "admin", "Accept", "application/json"));

        assertEquals(401, response.status(), response::toString);
        assertNull(response.header("X-Echo"), "the app must not be reached");
        assertFalse(response.body().contains("admin"), response.body());
    }

    @ParameterizedTest
    @EnumSource(ProxyKind.class)
    void apiClientWithoutTokenGets401WithBearerChallenge(ProxyKind kind) throws Exception {
        ProxyStack stack = stack(kind);
        Response response = get(stack, "/api/items", Map.of("Accept", "application/json"));

        assertEquals(401, response.status(), response::toString);
        assertEquals("Bearer realm=\"whoami\"", response.header("WWW-Authenticate"));
        assertNull(response.header("X-Echo"));
    }

    @ParameterizedTest
    @EnumSource(ProxyKind.class)
    void forgedTokenGets401WithInvalidTokenChallenge(ProxyKind kind) throws Exception {
        ProxyStack stack = stack(kind);
        String forged = stack.tokens().username("admin").sign(dev.scalr.gateway.dev.authentik.SigningKey.rsa());
        Response response = get(stack, "/", bearer(forged));

        assertEquals(401, response.status(), response::toString);
        String challenge = response.header("WWW-Authenticate");
        assertNotNull(challenge);
        assertTrue(challenge.contains("error=\"invalid_token\""), challenge);
    }

    /** Caddy 2.6 copies an absent header as a literal "{http.reverse_proxy.header.X}"; the gateway emits all of them. */
    @ParameterizedTest
    @EnumSource(ProxyKind.class)
    void missingClaimsNeverReachTheAppAsPlaceholders(ProxyKind kind) throws Exception {
        ProxyStack stack = stack(kind);
        String token = stack.tokens().claim("email", null).claim("name", null).groups().sign(stack.key());
        Response response = get(stack, "/", bearer(token));

        assertEquals(200, response.status(), response::toString);
        Map<String, List<String>> received = EchoBackend.allReceived(response.body());
        received.forEach((name, values) -> values.forEach(value ->
                assertFalse(value.contains("{http."), name + " carried a placeholder: " + value)));
        for (String header : List.of("X-authentik-email", "X-authentik-name", "X-authentik-groups")) {
            List<String> values = EchoBackend.received(response.body(), header);
            System.out.printf("%s: app received %s = %s%n", kind, header, values);
            assertTrue(values.isEmpty() || values.equals(List.of("")), header + " = " + values);
        }
    }

    /** nginx passes a raw backslash through; Go-based proxies (Caddy, Traefik) send it encoded. */
    @ParameterizedTest
    @EnumSource(ProxyKind.class)
    void backslashPathSpellingsAreDecidedByTheGatewayWithoutServerError(ProxyKind kind) throws Exception {
        ProxyStack stack = stack(kind);
        for (String path : List.of("/%5Cevil", "/\\evil", "/%5C%5Cevil.example/x", "/static/..%5C..%5Cadmin")) {
            Response anonymous = get(stack, path, Map.of("Accept", "application/json"));
            assertTrue(anonymous.status() < 500, path + " -> " + anonymous + "\n" + stack.proxyLog());
            if (anonymous.status() != 400) {
                // 400 would be the proxy refusing the spelling itself; anything it forwards, the gateway must decide
                assertEquals(401, anonymous.status(), path + " -> " + anonymous);
                assertEquals("Bearer realm=\"whoami\"", anonymous.header("WWW-Authenticate"), path);
            }
            Response signedIn = get(stack, path, bearer(stack.validToken()));
            System.out.printf("%s: %s anonymous -> %d, with token -> %d%n", kind, path, anonymous.status(), signedIn.status());
            assertTrue(signedIn.status() < 500, path + " -> " + signedIn);
        }
    }
}
