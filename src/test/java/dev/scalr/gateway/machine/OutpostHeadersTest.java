package dev.scalr.gateway.machine;

import dev.scalr.gateway.support.Gateway;
import dev.scalr.gateway.dev.authentik.Tokens;
import dev.scalr.gateway.web.AuthListener;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.scalr.gateway.support.FakeAuthentikResource.SHARED;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Apps written for Authentik's outpost read its whole header set (internal/outpost/proxyv2/application/
 * mode_common.go, addHeaders): every name, in its format, on every allowed request, empty when unknown.
 */
@QuarkusTest
@WithTestResource(OutpostResource.class)
class OutpostHeadersTest {

    static final String DAV = "dav.example.test";

    @Inject
    AuthListener listener;

    @BeforeEach
    void ready() {
        Gateway.awaitReady();
        RestAssured.port = listener.port();
    }

    static Map<String, String> outpostHeaders(Response response) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : List.of("X-authentik-username", "X-authentik-groups", "X-authentik-entitlements",
                "X-authentik-email", "X-authentik-name", "X-authentik-uid", "X-authentik-jwt", "X-authentik-meta-jwks",
                "X-authentik-meta-outpost", "X-authentik-meta-provider", "X-authentik-meta-app",
                "X-authentik-meta-version")) {
            assertEquals(1, response.headers().getValues(name).size(), name + " must be sent exactly once");
            headers.put(name, response.header(name));
        }
        return headers;
    }

    @Test
    void bearerTokenYieldsEveryOutpostHeaderInTheOutpostsFormat() {
        String token = Tokens.forApp("dav", "dav-client").groups("admins", "x|staff")
                .claim("entitlements", List.of("read", "x|write", "write")).sign(OutpostResource.DAV);
        Response response = given().header("X-Forwarded-Host", DAV).header("Authorization", "Bearer " + token).get("/auth");
        assertEquals(200, response.statusCode(), response.asString());
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("X-authentik-username", "alice");
        expected.put("X-authentik-groups", "admins"); // "x|staff" would read as x and staff: left out
        expected.put("X-authentik-entitlements", "read|write"); // the same rule for entitlements
        expected.put("X-authentik-email", "alice@example.test");
        expected.put("X-authentik-name", "Alice Example");
        expected.put("X-authentik-uid", "b3c1f0d7e1a2dav");
        expected.put("X-authentik-jwt", token);
        expected.put("X-authentik-meta-jwks", Tokens.PUBLIC_AUTHENTIK + "/application/o/dav/jwks/");
        expected.put("X-authentik-meta-outpost", "scalr-auth-gateway");
        expected.put("X-authentik-meta-provider", "DAV provider");
        expected.put("X-authentik-meta-app", "dav");
        expected.put("X-authentik-meta-version", "scalr-auth-gateway/"
                + ConfigProvider.getConfig().getValue("quarkus.application.version", String.class));
        assertEquals(expected, outpostHeaders(response));
    }

    @Test
    void withoutProviderNameTheProviderIsTheSlugAndMissingClaimsAreEmpty() {
        String token = Tokens.forApp("grafana", "grafana-client").claim("email", null).sign(SHARED);
        Map<String, String> headers = outpostHeaders(given().header("X-Forwarded-Host", "grafana.example.test")
                .header("Authorization", "Bearer " + token).get("/auth"));
        assertEquals("grafana", headers.get("X-authentik-meta-provider"));
        assertEquals("grafana", headers.get("X-authentik-meta-app"));
        assertEquals("", headers.get("X-authentik-entitlements"));
        assertEquals("", headers.get("X-authentik-email"));
    }

    @Test
    void publicPathSendsEveryOutpostHeaderEmpty() {
        Map<String, String> headers = outpostHeaders(given().header("X-Forwarded-Host", "wiki.example.test")
                .header("X-Forwarded-Uri", "/static/app.css").header("X-authentik-entitlements", "admin").get("/auth"));
        headers.forEach((name, value) -> assertEquals("", value, name));
    }

    @Test
    void signInAsksForTheEntitlementsScopeOnlyWhereTheAppWantsIt() {
        String dav = signInLocation(DAV);
        String grafana = signInLocation("grafana.example.test");
        assertTrue(dav.contains("scope=openid+profile+email+entitlements"), dav);
        assertTrue(grafana.contains("scope=openid+profile+email&"), grafana);
    }

    private static String signInLocation(String host) {
        Response response = given().redirects().follow(false).header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", host).header("X-Forwarded-Uri", "/")
                .header("Accept", "text/html").get("/auth");
        assertEquals(302, response.statusCode(), response.asString());
        return response.header("Location");
    }
}
