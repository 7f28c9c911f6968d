package dev.scalr.gateway.web;

import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.Gateway;
import dev.scalr.gateway.dev.authentik.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static dev.scalr.gateway.support.FakeAuthentikResource.SHARED;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** The dedicated listener and the main port serve one handler: same answers, same limits, nothing else. */
@QuarkusTest
@WithTestResource(FakeAuthentikResource.class)
class DedicatedListenerTest {

    private static final String GRAFANA = "grafana.example.test";

    @Inject
    AuthListener listener;

    private int mainPort;

    @BeforeEach
    void keysLoaded() {
        Gateway.awaitReady();
        mainPort = RestAssured.port;
    }

    @Test
    void listenerIsBoundToItsOwnPort() {
        assertNotEquals(-1, listener.port());
        assertNotEquals(mainPort, listener.port());
    }

    @Test
    void validTokenGetsTheSameIdentityHeadersOnBothPorts() {
        String token = Tokens.forApp("grafana", "grafana-client").username("alice").sign(SHARED);
        Response main = auth(mainPort, "/auth", token);
        Response dedicated = auth(listener.port(), "/auth", token);
        assertEquals(200, dedicated.statusCode());
        assertEquals(main.statusCode(), dedicated.statusCode());
        assertEquals("alice", dedicated.header("X-authentik-username"));
        assertEquals(main.header("X-authentik-username"), dedicated.header("X-authentik-username"));
        assertEquals(main.header("X-authentik-groups"), dedicated.header("X-authentik-groups"));
    }

    @Test
    void missingTokenIs401WithChallengeOnTheListener() {
        Response response = auth(listener.port(), "/auth/grafana", null);
        assertEquals(401, response.statusCode());
        assertEquals("Bearer realm=\"grafana\"", response.header("WWW-Authenticate"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/q/health", "/auth/grafana/extra", "/authx", "/q/metrics"})
    void listenerServesNothingButAuth(String path) {
        Response response = given().port(listener.port()).get(path);
        assertEquals(404, response.statusCode());
    }

    @Test
    void hugeAuthorizationHeaderIsAClean401OnTheListener() {
        Response response = auth(listener.port(), "/auth", "x".repeat(100 * 1024));
        assertEquals(401, response.statusCode());
        assertEquals("token_too_large", response.jsonPath().getString("reason"));
    }

    @Test
    void h2cUpgradeRequestIsAnsweredAsPlainHttp11() {
        Response response = given().port(listener.port()).redirects().follow(false).header("X-Forwarded-Host", GRAFANA)
                .header("Connection", "Upgrade, HTTP2-Settings").header("Upgrade", "h2c")
                .header("HTTP2-Settings", "AAMAAABkAARAAAAAAAIAAAAA").get("/auth");
        assertEquals(401, response.statusCode());
        assertEquals("HTTP/1.1 401 Unauthorized", response.statusLine().trim());
    }

    private static Response auth(int port, String path, String token) {
        var request = given().port(port).redirects().follow(false).header("X-Forwarded-Host", GRAFANA)
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Uri", "/").header("Accept", "application/json");
        if (token != null) {
            request = request.header("Authorization", "Bearer " + token);
        }
        return request.get(path);
    }
}
