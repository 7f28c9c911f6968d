package dev.scalr.gateway.token;

import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.Gateway;
import dev.scalr.gateway.support.LogCapture;
import dev.scalr.gateway.support.Metrics;
import dev.scalr.gateway.dev.authentik.Tokens;
import dev.scalr.gateway.web.AuthListener;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.UUID;

import static dev.scalr.gateway.support.FakeAuthentikResource.SHARED;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A token whose JOSE header holds a value of the wrong JSON type is an ordinary malformed token: 401
 * invalid_token, counted in gateway_decisions_total and written to the decision log like any other denial.
 */
@QuarkusTest
@WithTestResource(FakeAuthentikResource.class)
class MalformedTokenAnswerTest {

    @Inject
    AuthListener listener;

    @BeforeAll
    static void capture() {
        LogCapture.install();
    }

    @AfterAll
    static void release() {
        LogCapture.uninstall();
    }

    @BeforeEach
    void keysLoaded() {
        Gateway.awaitReady();
    }

    static double malformed() {
        return Metrics.scrape().value("gateway_decisions_total", "app", "grafana", "outcome", "unauthorized",
                "reason", "malformed");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"alg\":\"RS256\",\"kid\":1}",
            "{\"alg\":\"RS256\",\"kid\":{\"id\":\"x\"}}",
            "{\"alg\":\"RS256\",\"kid\":[\"x\"]}",
            "{\"alg\":[\"RS256\"],\"kid\":\"x\"}",
            "{\"alg\":\"RS256\",\"kid\":\"%s\",\"crit\":5}"})
    void headerOfTheWrongJsonTypeIsA401CountedAndLogged(String header) {
        String[] valid = Tokens.forApp("grafana", "grafana-client").sign(SHARED).split("\\.");
        String token = Tokens.b64(header.formatted(SHARED.kid())) + "." + valid[1] + "." + valid[2];
        String marker = "/malformed-" + UUID.randomUUID();
        double before = malformed();

        given().port(listener.port()).header("Authorization", "Bearer " + token)
                .header("X-Forwarded-Uri", marker).get("/auth/grafana").then()
                .statusCode(401)
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                .body("reason", equalTo("malformed"));

        assertEquals(1, malformed() - before, 0.0001, "counted once");
        assertTrue(LogCapture.INSTANCE.records().stream()
                        .anyMatch(r -> r.contains("path=" + marker) && r.contains("reason=malformed")),
                "one decision line for " + marker);
    }
}
