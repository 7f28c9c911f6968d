package dev.scalr.gateway.forward;

import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.Gateway;
import dev.scalr.gateway.dev.authentik.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;

/** The default gateway.trusted-proxies includes loopback, where the tests call from. */
@QuarkusTest
@WithTestResource(FakeAuthentikResource.class)
class DefaultTrustedProxiesTest {

    @Test
    void loopbackPeerIsTrustedByDefault() {
        Gateway.awaitReady();
        given().header("X-Forwarded-Host", "grafana.example.test")
                .header("Authorization", "Bearer " + Tokens.forApp("grafana", "grafana-client").sign(FakeAuthentikResource.SHARED))
                .get("/auth").then().statusCode(200).header("X-authentik-username", "alice");
    }
}
