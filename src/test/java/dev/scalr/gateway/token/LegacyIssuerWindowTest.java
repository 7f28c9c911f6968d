package dev.scalr.gateway.token;

import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.Gateway;
import dev.scalr.gateway.support.Metrics;
import dev.scalr.gateway.support.MutableClock;
import dev.scalr.gateway.dev.authentik.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static dev.scalr.gateway.support.FakeAuthentikResource.SHARED;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** After an AUTHENTIK_HOST change, tokens of the previous host pass until gateway.legacy-issuers-until. */
@QuarkusTest
@TestProfile(LegacyIssuerWindowTest.Window.class)
@WithTestResource(FakeAuthentikResource.class)
class LegacyIssuerWindowTest {

    static final Instant UNTIL = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
    static final String LEGACY = "http://auth.localhost";

    public static class Window implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("gateway.legacy-issuers", LEGACY + "/", "gateway.legacy-issuers-until", UNTIL.toString());
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(MutableClock.class);
        }
    }

    @Inject
    Clock clock;

    @BeforeEach
    void beforeTheDeadline() {
        ((MutableClock) clock).set(Instant.now());
        Gateway.awaitReady();
    }

    @AfterEach
    void resetClock() {
        ((MutableClock) clock).set(Instant.now());
    }

    static String legacyToken(String slug, String clientId) {
        return Tokens.forApp(slug, clientId).issuer(LEGACY + "/application/o/" + slug + "/")
                .username("u-" + UUID.randomUUID()).sign(SHARED);
    }

    static double accepted() {
        return Metrics.scrape().value("gateway_legacy_issuer_accepted_total", "app", "grafana");
    }

    static io.restassured.response.ValidatableResponse auth(String token) {
        return given().header("Authorization", "Bearer " + token).get("/auth/grafana").then();
    }

    @Test
    void legacyIssuerIsAcceptedBeforeTheDeadlineAndCounted() {
        double before = accepted();
        auth(legacyToken("grafana", "grafana-client")).statusCode(200);
        auth(legacyToken("grafana", "grafana-client")).statusCode(200);
        assertEquals(2, accepted() - before, 0.0001);
    }

    @Test
    void legacyIssuerIsRefusedAfterTheDeadlineEvenWhenCached() {
        String token = legacyToken("grafana", "grafana-client");
        auth(token).statusCode(200);
        double before = accepted();
        ((MutableClock) clock).set(UNTIL.plusSeconds(1));
        auth(token).statusCode(401).body("reason", equalTo("wrong_issuer"));
        auth(legacyToken("grafana", "grafana-client")).statusCode(401).body("reason", equalTo("wrong_issuer"));
        assertEquals(0, accepted() - before, 0.0001);
    }

    @Test
    void currentIssuerIsUnaffectedByTheDeadline() {
        ((MutableClock) clock).set(UNTIL.plusSeconds(3600));
        auth(Tokens.forApp("grafana", "grafana-client").sign(SHARED)).statusCode(200);
    }

    @Test
    void legacyWindowKeepsEveryOtherCheck() {
        auth(Tokens.forApp("wiki", "wiki-client").issuer(LEGACY + "/application/o/wiki/").sign(SHARED))
                .statusCode(401).body("reason", equalTo("wrong_issuer"));
        auth(Tokens.forApp("grafana", "other-client").issuer(LEGACY + "/application/o/grafana/").sign(SHARED))
                .statusCode(401).body("reason", equalTo("wrong_audience"));
        auth(Tokens.forApp("grafana", "grafana-client").issuer(LEGACY + "/application/o/grafana/").expiresInSeconds(-120)
                .sign(SHARED)).statusCode(401).body("reason", equalTo("expired"));
        auth(Tokens.forApp("grafana", "grafana-client").issuer("http://other.localhost/application/o/grafana/")
                .sign(SHARED)).statusCode(401).body("reason", equalTo("wrong_issuer"));
    }
}
