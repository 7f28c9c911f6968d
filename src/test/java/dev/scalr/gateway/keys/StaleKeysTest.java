package dev.scalr.gateway.keys;

import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.Gateway;
import dev.scalr.gateway.dev.authentik.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/** Authentik going away after warm-up must not lock anybody out nor flap readiness. */
@QuarkusTest
@WithTestResource(StaleKeysTest.FastRefresh.class)
class StaleKeysTest {

    /** Same apps, but refreshing every second so the outage is noticed within the test. */
    public static class FastRefresh extends FakeAuthentikResource {
        @Override
        protected Map<String, String> extraConfig() {
            return Map.of("gateway.keys.refresh-interval", "1S", "gateway.keys.fetch-timeout", "1S");
        }
    }

    @Test
    void cachedKeysKeepServingAndReadinessStaysUpWithinStaleWindow() {
        Gateway.awaitReady();
        String token = Tokens.forApp("grafana", "grafana-client").sign(FakeAuthentikResource.SHARED);
        FakeAuthentikResource.server().stop();
        Gateway.sleep(2500);

        given().header("Authorization", "Bearer " + token).get("/auth/grafana").then().statusCode(200);
        String fresh = Tokens.forApp("grafana", "grafana-client").username("bob").sign(FakeAuthentikResource.SHARED);
        given().header("Authorization", "Bearer " + fresh).get("/auth/grafana")
                .then().statusCode(200).header("X-authentik-username", "bob");
        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'signing-keys' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'signing-keys' }.data.'grafana.last-error'", containsString("failed"));
    }
}
