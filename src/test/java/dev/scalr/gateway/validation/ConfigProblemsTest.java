package dev.scalr.gateway.validation;

import dev.scalr.gateway.config.DomainConfig;
import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.config.PlatformConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every configuration mistake is reported at once, each naming its property. */
class ConfigProblemsTest {

    static List<String> problems(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withConverter(java.time.Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(PlatformConfig.class).withMapping(DomainConfig.class).withMapping(GatewayConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        return ConfigProblems.of(config.getConfigMapping(PlatformConfig.class), config.getConfigMapping(DomainConfig.class),
                config.getConfigMapping(GatewayConfig.class));
    }

    @Test
    void defaultsWithOneAppHaveNoProblems() {
        assertEquals(List.of(), problems(Map.of("gateway.apps.grafana.client-id", "grafana",
                "gateway.session.keys", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=")));
    }

    @Test
    void signInWithoutSessionKeyIsReportedWithTheFix() {
        List<String> problems = problems(Map.of("gateway.apps.grafana.client-id", "grafana"));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("gateway.session.keys (GATEWAY_SESSION_KEYS): required"), problems.get(0));
        assertTrue(problems.get(0).contains("openssl rand -base64 32"), problems.get(0));
    }

    @Test
    void apiOnlyAppNeedsNoSessionKey() {
        assertEquals(List.of(), problems(Map.of("gateway.apps.api.client-id", "api", "gateway.apps.api.sign-in", "false")));
    }

    @Test
    void malformedSessionKeyAndSignInWithoutClientIdAreReported() {
        String all = String.join("\n", problems(Map.of("gateway.session.keys", "not base64!",
                "gateway.apps.wiki.sign-in", "true")));
        assertTrue(all.contains("gateway.session.keys[0] (GATEWAY_SESSION_KEYS): is not base64"), all);
        assertTrue(all.contains("gateway.apps.wiki.sign-in: is true but no client-id is set"), all);
    }

    @Test
    void allProblemsAreReportedTogetherWithPropertyNames() {
        List<String> problems = problems(Map.of(
                "authentik.host", "auth.example.com",
                "gateway.issuer-template", "{authentik-host}/o/{app}/",
                "gateway.token.algorithms", "RS256,HS256",
                "gateway.apps.Bad_Slug.enabled", "true",
                "gateway.apps.wiki.public-paths", "static/",
                "gateway.apps.docs.hosts", "wiki.localhost"));
        String all = String.join("\n", problems);
        assertTrue(all.contains("authentik.host (AUTHENTIK_HOST): 'auth.example.com' must be an absolute http(s) URL"), all);
        assertTrue(all.contains("gateway.issuer-template"), all);
        assertTrue(all.contains("gateway.token.algorithms: 'HS256' is not allowed"), all);
        assertTrue(all.contains("gateway.apps.Bad_Slug"), all);
        assertTrue(all.contains("gateway.apps.wiki.public-paths: 'static/'"), all);
        assertTrue(all.contains("hosts: 'wiki.localhost' is already served by app"), all);
        assertTrue(problems.size() >= 6, all);
    }

    @Test
    void twoKeysClaimingOneSlugIsAProblem() {
        List<String> problems = problems(Map.of("gateway.apps.a.slug", "my-app", "gateway.apps.b.slug", "my-app"));
        assertTrue(String.join("\n", problems).contains("is already the slug of"), problems.toString());
    }

    @Test
    void outpostSettingsAreCheckedWithTheRest() {
        String all = String.join("\n", problems(Map.of("gateway.apps.dav.basic-auth", "true",
                "gateway.apps.dav.public-jwks-url", "/jwks/", "gateway.apps.dav.provider-name", " ",
                "gateway.basic-auth.max-failures", "0")));
        assertTrue(all.contains("gateway.apps.dav.basic-auth: is true but no client-id is set"), all);
        assertTrue(all.contains("gateway.apps.dav.public-jwks-url: '/jwks/' must be an absolute http(s) URL"), all);
        assertTrue(all.contains("gateway.apps.dav.provider-name: must be a non-blank value"), all);
        assertTrue(all.contains("gateway.basic-auth.max-failures (GATEWAY_BASIC_AUTH_MAX_FAILURES): must be 1 or more"), all);
    }
}
