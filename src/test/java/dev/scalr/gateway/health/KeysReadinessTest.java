package dev.scalr.gateway.health;

import dev.scalr.gateway.support.TestApps;
import dev.scalr.gateway.app.App;
import dev.scalr.gateway.keys.AppKeys;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeysReadinessTest {

    private static final Duration MAX_STALE = Duration.ofHours(6);

    private static AppKeys keys(String slug, String jwks) {
        App app = TestApps.apiApp(slug);
        AppKeys keys = new AppKeys(app, url -> jwks == null
                ? CompletableFuture.failedFuture(new ConnectException("Connection refused"))
                : CompletableFuture.completedFuture(jwks), Clock.systemUTC(), Duration.ofSeconds(30));
        keys.refresh();
        return keys;
    }

    @Test
    void oneAppWithoutSigningKeyLeavesTheOthersServedAndIsNamed() {
        HealthCheckResponse response = KeysReadinessCheck.judge(List.of(
                keys("grafana", SigningKey.jwks(SigningKey.rsa())), keys("wiki", "{\"keys\":[]}")), MAX_STALE, Instant.now());
        assertEquals(HealthCheckResponse.Status.UP, response.getStatus());
        assertTrue(response.getData().orElseThrow().get("wiki.problem").toString().contains("Signing Key"));
        assertEquals("1/2", response.getData().orElseThrow().get("usable-apps"));
    }

    @Test
    void noAppWithUsableKeysIsDown() {
        HealthCheckResponse response = KeysReadinessCheck.judge(List.of(keys("grafana", null), keys("wiki", null)),
                MAX_STALE, Instant.now());
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        assertTrue(response.getData().orElseThrow().get("grafana.problem").toString().contains("Connection refused"));
    }

    @Test
    void keysOlderThanMaxStaleAreNotUsable() {
        HealthCheckResponse response = KeysReadinessCheck.judge(List.of(keys("grafana", SigningKey.jwks(SigningKey.rsa()))),
                MAX_STALE, Instant.now().plus(MAX_STALE).plusSeconds(1));
        assertEquals(HealthCheckResponse.Status.DOWN, response.getStatus());
        assertTrue(response.getData().orElseThrow().get("grafana.problem").toString().contains("max-stale"));
    }
}
