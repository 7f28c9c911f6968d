package dev.scalr.gateway.health;

import dev.scalr.gateway.dev.authentik.FakeAuthentik;
import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.Gateway;
import dev.scalr.gateway.dev.authentik.SigningKey;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /q/health/group/authentik against the local Authentik stand-in; readiness never includes it. */
@QuarkusTest
@WithTestResource(AuthentikSelfCheckTest.FastRefresh.class)
class AuthentikSelfCheckTest {

    private static final String GROUP = "/q/health/group/authentik";

    public static class FastRefresh extends FakeAuthentikResource {
        @Override
        protected Map<String, String> extraConfig() {
            // each test changes the stand-in and reads the result at once: no reuse of an earlier report
            return Map.of("gateway.keys.refresh-interval", "1S", "gateway.self-check.max-age", "0S");
        }
    }

    static FakeAuthentik authentik() {
        return FakeAuthentikResource.server();
    }

    @BeforeEach
    void ready() {
        Gateway.awaitReady();
    }

    @AfterEach
    void restore() {
        authentik().pinIssuer("grafana", null);
        authentik().discoveryBody("grafana", null);
        authentik().healthStatus(200, 200);
        authentik().publish("ecapp", SigningKey.jwks(FakeAuthentikResource.EC));
        awaitGroup(r -> r.statusCode() == 200);
    }

    static Response awaitGroup(Predicate<Response> condition) {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        Response response = given().get(GROUP);
        while (!condition.test(response) && Instant.now().isBefore(deadline)) {
            Gateway.sleep(200);
            response = given().get(GROUP);
        }
        return response;
    }

    @Test
    void matchingIssuerIsUp() {
        given().get(GROUP).then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks[0].name", equalTo("authentik-configuration"))
                .body("checks[0].data.'grafana.issuer'", equalTo("ok"))
                .body("checks[0].data.'grafana.keys'", equalTo("ok"))
                .body("checks[0].data.'authentik.live'", equalTo("ok"))
                .body("checks[0].data.'authentik.ready'", equalTo("ok"));
        assertTrue(authentik().discoveryHosts().contains("auth.example.test"), authentik().discoveryHosts().toString());
        given().get("/q/health/ready").then().body("checks.name", not(org.hamcrest.Matchers.hasItem("authentik-configuration")));
    }

    @Test
    void mismatchingIssuerIsDownWithTheSentence() {
        authentik().pinIssuer("grafana", "http://auth.localhost/application/o/grafana/");
        given().get(GROUP).then().statusCode(503)
                .body("status", equalTo("DOWN"))
                .body("checks[0].data.'grafana.issuer'", equalTo("app grafana: Authentik says issuer "
                        + "http://auth.localhost/application/o/grafana/ but the gateway expects "
                        + "https://auth.example.test/application/o/grafana/: set AUTHENTIK_HOST to the public URL Authentik"
                        + " mints tokens for (here http://auth.localhost), and keep the provider in per-provider issuer mode"))
                .body("checks[0].data.'wiki.issuer'", equalTo("ok"));
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void schemeOnlyMismatchNamesForwardedProto() {
        authentik().pinIssuer("grafana", "http://auth.example.test/application/o/grafana/");
        given().get(GROUP).then().statusCode(503)
                .body("checks[0].data.'grafana.issuer'", containsString("X-Forwarded-Proto"));
    }

    @Test
    void discoveryThatIsNotJsonIsDownNamingTheInternalHost() {
        authentik().discoveryBody("grafana", "<html>sign in</html>");
        given().get(GROUP).then().statusCode(503)
                .body("checks[0].data.'grafana.issuer'", allOf(containsString("is not an OpenID discovery document"),
                        containsString("AUTHENTIK_INTERNAL_HOST")));
        authentik().discoveryBody("grafana", "{\"issuer\":42}");
        given().get(GROUP).then().statusCode(503)
                .body("checks[0].data.'grafana.issuer'", containsString("is not an OpenID discovery document"));
    }

    @Test
    void emptyJwksIsDownNamingTheFix() {
        authentik().publish("ecapp", "{}");
        Response response = awaitGroup(r -> !"ok".equals(r.jsonPath().getString("checks[0].data.'ecapp.keys'")));
        response.then().statusCode(503)
                .body("checks[0].data.'ecapp.keys'", allOf(containsString("app ecapp"),
                        containsString("select a Signing Key")));
    }

    @Test
    void authentikNotReadyIsDown() {
        authentik().healthStatus(200, 503);
        given().get(GROUP).then().statusCode(503)
                .body("checks[0].data.'authentik.live'", equalTo("ok"))
                .body("checks[0].data.'authentik.ready'", containsString("Authentik is not ready (HTTP 503"));
    }
}
