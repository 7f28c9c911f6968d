package dev.scalr.gateway.forward;

import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.Gateway;
import dev.scalr.gateway.support.Metrics;
import dev.scalr.gateway.dev.authentik.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Tests call from 127.0.0.1: with only 10.9.9.9 trusted, /auth refuses them whatever they forward. */
@QuarkusTest
@WithTestResource(UntrustedProxyTest.OnlyTenNineNineNine.class)
class UntrustedProxyTest {

    public static class OnlyTenNineNineNine extends FakeAuthentikResource {
        @Override
        protected Map<String, String> extraConfig() {
            return Map.of("gateway.trusted-proxies", "10.9.9.9/32");
        }
    }

    @Test
    void peerOutsideTrustedProxiesGets403UntrustedProxyEvenWithAValidToken() {
        Gateway.awaitReady();
        double before = Metrics.scrape().value("gateway_decisions_total", "app", "undeclared", "reason", "untrusted_proxy");
        String token = Tokens.forApp("grafana", "grafana-client").sign(FakeAuthentikResource.SHARED);
        given().header("X-Forwarded-Host", "grafana.example.test").header("Authorization", "Bearer " + token)
                .get("/auth").then().statusCode(403).contentType("application/problem+json")
                .body("reason", equalTo("untrusted_proxy")).body("app", nullValue())
                .header("X-authentik-username", nullValue());
        given().header("Authorization", "Bearer " + token).post("/auth/grafana")
                .then().statusCode(403).body("reason", equalTo("untrusted_proxy"));
        assertTrue(Metrics.scrape().value("gateway_decisions_total", "app", "undeclared", "reason", "untrusted_proxy")
                - before >= 2);
    }

    @Test
    void healthEndpointsAreNotGuarded() {
        given().get("/q/health/live").then().statusCode(200);
    }
}
