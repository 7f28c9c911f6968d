package dev.scalr.gateway.metrics;

import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.Gateway;
import dev.scalr.gateway.support.Metrics;
import dev.scalr.gateway.dev.authentik.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

import static dev.scalr.gateway.support.FakeAuthentikResource.SHARED;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /q/metrics after a table of decisions: counters by app, outcome and reason; bounded labels. */
@QuarkusTest
@WithTestResource(FakeAuthentikResource.class)
class DecisionMetricsTest {

    private static final Set<String> DECLARED = Set.of("grafana", "wiki", "ecapp", "rotate", "flood", "undeclared");

    record Row(String name, String app, String outcome, String reason, int times, Supplier<RequestSpecification> request) {
    }

    @BeforeEach
    void keysLoaded() {
        Gateway.awaitReady();
    }

    static RequestSpecification host(String host) {
        return given().header("X-Forwarded-Host", host);
    }

    @Test
    void decisionsAreCountedByAppOutcomeAndReason() {
        String valid = Tokens.forApp("grafana", "grafana-client").username("metrics-" + UUID.randomUUID()).sign(SHARED);
        List<Row> table = List.of(
                new Row("valid token, first time", "grafana", "allow", "valid_token", 1,
                        () -> host("grafana.example.test").header("Authorization", "Bearer " + valid)),
                new Row("same token again, from the cache", "grafana", "allow", "valid_token_cached", 2,
                        () -> host("grafana.example.test").header("Authorization", "Bearer " + valid)),
                new Row("expired token", "grafana", "unauthorized", "expired", 3,
                        () -> host("grafana.example.test").header("Authorization", "Bearer "
                                + Tokens.forApp("grafana", "grafana-client").expiresInSeconds(-120).sign(SHARED))),
                new Row("no token", "wiki", "unauthorized", "missing_token", 2, () -> host("wiki.example.test")),
                new Row("user outside the allowed groups", "wiki", "forbidden", "group_not_allowed", 1,
                        () -> host("wiki.example.test").header("Authorization", "Bearer "
                                + Tokens.forApp("wiki", "wiki-client").groups("staff").sign(SHARED))),
                new Row("public path", "wiki", "allow", "public_path", 2,
                        () -> host("wiki.example.test").header("X-Forwarded-Uri", "/static/app.css")),
                new Row("undeclared host", "undeclared", "forbidden", "undeclared_app", 4,
                        () -> host("intruder.example.test")));

        Metrics before = Metrics.scrape();
        double latencyBefore = before.value("gateway_decision_duration_seconds_count", "app", "grafana");
        double hitsBefore = before.value("gateway_token_cache_lookups_total", "app", "grafana", "result", "hit");
        double missesBefore = before.value("gateway_token_cache_lookups_total", "app", "grafana", "result", "miss");
        for (Row row : table) {
            for (int i = 0; i < row.times(); i++) {
                row.request().get().get("/auth");
            }
        }
        Metrics after = Metrics.scrape();
        for (Row row : table) {
            String[] labels = {"app", row.app(), "outcome", row.outcome(), "reason", row.reason()};
            assertEquals(row.times(), after.value("gateway_decisions_total", labels)
                    - before.value("gateway_decisions_total", labels), 0.0001, row.name());
        }
        assertEquals(6, after.value("gateway_decision_duration_seconds_count", "app", "grafana") - latencyBefore, 0.0001,
                "every grafana decision is timed");
        assertTrue(after.value("gateway_decision_duration_seconds_bucket", "app", "grafana", "le", "+Inf") >= 6);
        assertEquals(2, after.value("gateway_token_cache_lookups_total", "app", "grafana", "result", "hit") - hitsBefore,
                0.0001, "cache hits");
        assertTrue(after.value("gateway_token_cache_lookups_total", "app", "grafana", "result", "miss") - missesBefore >= 4,
                "cache misses: the first valid token and the expired ones");
    }

    @Test
    void appLabelStaysBoundedForThousandRandomUndeclaredHosts() {
        List<String> hosts = new java.util.ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String random = "h" + UUID.randomUUID().toString().substring(0, 12);
            hosts.add(random);
            if (i % 2 == 0) {
                host(random + ".example.test").get("/auth").then().statusCode(403);
            } else {
                given().get("/auth/" + random).then().statusCode(403);
            }
        }
        Metrics metrics = Metrics.scrape();
        Set<String> apps = metrics.labelValues("gateway_", "app");
        assertTrue(DECLARED.containsAll(apps), "app label values: " + apps);
        assertTrue(apps.contains("undeclared"), apps.toString());
        for (String random : hosts.subList(0, 50)) {
            assertFalse(metrics.text().contains(random), "a request's host reached /q/metrics: " + random);
        }
        assertTrue(metrics.value("gateway_decisions_total", "app", "undeclared", "reason", "undeclared_app") >= 1000);
    }

    @Test
    void jwksFetchesAndKeyAgeArePerApp() {
        Metrics metrics = Metrics.scrape();
        assertTrue(metrics.value("gateway_jwks_fetches_total", "app", "grafana", "result", "ok") >= 1, metrics.text());
        double age = metrics.value("gateway_jwks_last_success_age_seconds", "app", "grafana");
        assertTrue(age >= 0 && age < 600, "age " + age);
        assertEquals(Set.of("ecapp", "flood", "grafana", "rotate", "wiki"),
                metrics.labelValues("gateway_jwks_last_success_age_seconds", "app"));
    }

    @Test
    void retriedForgedTokenCostsOneSignatureAndIsAnsweredFromMemory() {
        String genuine = Tokens.forApp("grafana", "grafana-client").username("forged-" + UUID.randomUUID()).sign(SHARED);
        String stranger = Tokens.forApp("grafana", "grafana-client").sign(dev.scalr.gateway.dev.authentik.SigningKey.rsa());
        String forged = genuine.substring(0, genuine.lastIndexOf('.')) + stranger.substring(stranger.lastIndexOf('.'));
        Metrics before = Metrics.scrape();
        for (int i = 0; i < 3; i++) {
            host("grafana.example.test").header("Authorization", "Bearer " + forged).get("/auth").then().statusCode(401);
        }
        Metrics after = Metrics.scrape();
        assertEquals(3, after.value("gateway_decisions_total", "app", "grafana", "reason", "bad_signature")
                - before.value("gateway_decisions_total", "app", "grafana", "reason", "bad_signature"), 0.0001);
        assertEquals(1, after.value("gateway_token_signature_checks_total", "app", "grafana")
                - before.value("gateway_token_signature_checks_total", "app", "grafana"), 0.0001);
        assertEquals(2, after.value("gateway_token_rejected_cache_hits_total", "app", "grafana")
                - before.value("gateway_token_rejected_cache_hits_total", "app", "grafana"), 0.0001);
    }
}
