package dev.scalr.gateway.logging;

import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.Gateway;
import dev.scalr.gateway.support.LogCapture;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.common.WithTestResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.scalr.gateway.support.FakeAuthentikResource.SHARED;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * With every category at TRACE (and decision lines at TRACE too), a table of requests carrying tokens, a
 * session cookie, Basic credentials and a token in the query leaves none of those values in any log record,
 * nor the client secret configured for an app.
 */
@QuarkusTest
@TestProfile(NoSecretsInLogsTest.TraceEverything.class)
@WithTestResource(NoSecretsInLogsTest.WithClientSecret.class)
class NoSecretsInLogsTest {

    static final String CLIENT_SECRET = "client-secret-3f9a1c0e7b2d4a6f8e1c";
    static final String COOKIE_SECRET = "cookie-value-9d8c7b6a5f4e3d2c1b0a";
    static final String QUERY_SECRET = "query-code-5e4d3c2b1a0f9e8d7c6b";
    static final String BASIC = Base64.getEncoder().encodeToString("alice:basic-password-77aa".getBytes(StandardCharsets.UTF_8));

    public static class WithClientSecret extends FakeAuthentikResource {
        @Override
        public Map<String, String> start() {
            LogCapture.install();
            return super.start();
        }

        @Override
        protected Map<String, String> extraConfig() {
            return Map.of("gateway.apps.grafana.client-secret", CLIENT_SECRET);
        }
    }

    public static class TraceEverything implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            Map<String, String> config = new HashMap<>();
            config.put("quarkus.log.min-level", "TRACE");
            config.put("quarkus.log.level", "TRACE");
            config.put("quarkus.log.category.\"dev.scalr\".level", "TRACE");
            config.put("quarkus.log.category.\"dev.scalr.gateway.decision\".level", "TRACE");
            config.put("quarkus.log.category.\"dev.scalr.gateway.decision\".min-level", "TRACE");
            config.put("quarkus.log.console.level", "INFO");
            config.put("gateway.log.allow-level", "TRACE");
            config.put("gateway.log.deny-level", "TRACE");
            return config;
        }
    }

    @BeforeAll
    static void capture() {
        LogCapture.install();
    }

    @AfterAll
    static void release() {
        LogCapture.uninstall();
    }

    @Test
    void noTokenCookieOrSecretReachesAnyLogRecord() {
        Gateway.awaitReady();
        List<String> secrets = new ArrayList<>(List.of(CLIENT_SECRET, COOKIE_SECRET, QUERY_SECRET, BASIC));
        Map<String, String> tokens = new HashMap<>();
        String valid = Tokens.forApp("grafana", "grafana-client").sign(SHARED);
        String[] parts = valid.split("\\.");
        tokens.put("valid", valid);
        tokens.put("expired", Tokens.forApp("grafana", "grafana-client").expiresInSeconds(-120).sign(SHARED));
        tokens.put("wrong audience", Tokens.forApp("grafana", "other-client").sign(SHARED));
        tokens.put("wrong issuer", Tokens.forApp("grafana", "grafana-client").issuer("https://evil.example/").sign(SHARED));
        tokens.put("stranger's key", Tokens.forApp("grafana", "grafana-client").kid(SHARED.kid()).sign(SigningKey.rsa()));
        tokens.put("unknown kid", Tokens.forApp("grafana", "grafana-client").sign(SigningKey.rsa()));
        tokens.put("tampered", parts[0] + "." + Tokens.b64(Tokens.forApp("grafana", "grafana-client").username("root")
                .claimsJson()) + "." + parts[2]);
        tokens.put("garbage", "garbage-token-value-1b2c3d4e5f6a7b8c");
        tokens.put("wiki outside groups", Tokens.forApp("wiki", "wiki-client").groups("staff").sign(SHARED));

        for (Map.Entry<String, String> token : tokens.entrySet()) {
            for (String host : List.of("grafana.example.test", "wiki.example.test", "intruder.example.test")) {
                given().header("X-Forwarded-Host", host).header("X-Forwarded-Uri", "/cb?code=" + QUERY_SECRET)
                        .header("Authorization", "Bearer " + token.getValue())
                        .header("Cookie", "scalr_session=" + COOKIE_SECRET + "; other=1")
                        .get("/auth");
            }
            secrets.add(token.getValue());
            String[] segments = token.getValue().split("\\.");
            if (segments.length == 3) {
                secrets.add(segments[1]);
                secrets.add(segments[2]);
            }
        }
        given().header("X-Forwarded-Host", "grafana.example.test").header("Authorization", "Basic " + BASIC).get("/auth");
        given().header("X-Forwarded-Host", "wiki.example.test").header("X-Forwarded-Uri", "/static/a.css?token=" + QUERY_SECRET)
                .header("Cookie", "scalr_session=" + COOKIE_SECRET).get("/auth");

        List<String> records = LogCapture.INSTANCE.records();
        assertTrue(records.stream().anyMatch(r -> r.contains("decision app=grafana") && r.contains("reason=valid_token")),
                "decision lines were captured at TRACE");
        assertTrue(records.stream().anyMatch(r -> r.contains("reason=bad_signature")), "denials were captured");
        for (String record : records) {
            for (String secret : secrets) {
                if (record.contains(secret)) {
                    fail("a secret reached the log: " + record.substring(0, Math.min(300, record.length())));
                }
            }
        }
    }
}
