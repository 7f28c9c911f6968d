package dev.scalr.gateway.keys;

import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.Gateway;
import dev.scalr.gateway.dev.authentik.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** An Authentik provider without a signing key publishes {} and signs HS256 with the client secret. */
@QuarkusTest
@WithTestResource(NoSigningKeyTest.NoKeyApp.class)
class NoSigningKeyTest {

    public static class NoKeyApp extends FakeAuthentikResource {
        @Override
        protected Map<String, String> extraConfig() {
            return Map.of("gateway.apps.nokey.client-id", "nokey-client");
        }
    }

    @Test
    void emptyJwksIsNamedInReadinessWithTheFixWhileTheOtherAppsKeepItUp() {
        Gateway.sleep(500);
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'signing-keys' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'signing-keys' }.data.'nokey.problem'", allOf(containsString("nokey"), containsString("Signing Key")));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void hs256TokenSignedWithClientSecretIsRefused() {
        String token = Tokens.forApp("nokey", "nokey-client")
                .signWith(new HmacKey("client-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8)), "HS256", null);
        given().header("Authorization", "Bearer " + token).get("/auth/nokey")
                .then().statusCode(401).body("reason", equalTo("algorithm_not_allowed"));
    }
}
