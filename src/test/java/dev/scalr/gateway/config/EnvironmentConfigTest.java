package dev.scalr.gateway.config;

import dev.scalr.gateway.access.AccessRule;
import dev.scalr.gateway.app.App;
import dev.scalr.gateway.app.AppRegistry;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Compose configures the gateway through environment variables only: every setting must be reachable so. */
class EnvironmentConfigTest {

    @Test
    void appsAndAllTheirSettingsComeFromEnvironmentVariables() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withConverter(java.time.Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(PlatformConfig.class).withMapping(DomainConfig.class).withMapping(GatewayConfig.class)
                .withSources(new EnvConfigSource(Map.ofEntries(
                        Map.entry("AUTHENTIK_HOST", "https://auth.example.com"),
                        Map.entry("AUTHENTIK_INTERNAL_HOST", "http://scalr-auth-server:9000"),
                        Map.entry("SCALR_PUBLIC_DOMAIN", "example.com"),
                        Map.entry("GATEWAY_TOKEN_CLOCK_SKEW", "10S"),
                        Map.entry("GATEWAY_KEYS_UNKNOWN_KID_COOLDOWN", "1M"),
                        Map.entry("GATEWAY_HEADERS_SETS", "authentik,oauth2-proxy"),
                        Map.entry("GATEWAY_SESSION_KEYS", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="),
                        Map.entry("GATEWAY_SESSION_COOKIE_DOMAIN", "example.com"),
                        Map.entry("GATEWAY_SIGN_IN_PATH_PREFIX", "/_auth"),
                        Map.entry("GATEWAY_EXPLAIN_ENABLED", "false"),
                        Map.entry("GATEWAY_APPS_GRAFANA_CLIENT_ID", "grafana-client"),
                        Map.entry("GATEWAY_APPS_GRAFANA_CLIENT_SECRET", "s3cret"),
                        Map.entry("GATEWAY_APPS_API_CLIENT_ID", "api-client"),
                        Map.entry("GATEWAY_APPS_API_SIGN_IN", "false"),
                        Map.entry("GATEWAY_APPS_GRAFANA_ALLOWED_GROUPS", "admins,ops"),
                        Map.entry("GATEWAY_APPS_GRAFANA_PUBLIC_PATHS", "/public/,/api/health"),
                        Map.entry("GATEWAY_APPS_GRAFANA_HOSTS", "metrics.example.org"),
                        Map.entry("GATEWAY_APPS_GRAFANA_RULES_0__PATHS", "/admin/**,~^/api/admin(/.*)?$"),
                        Map.entry("GATEWAY_APPS_GRAFANA_RULES_0__POLICY", "groups"),
                        Map.entry("GATEWAY_APPS_GRAFANA_RULES_0__GROUPS", "admins"),
                        Map.entry("GATEWAY_APPS_GRAFANA_RULES_0__MFA", "true"),
                        Map.entry("GATEWAY_APPS_GRAFANA_RULES_0__MAX_AGE", "15M"),
                        Map.entry("GATEWAY_APPS_GRAFANA_RULES_1__PATHS", "/metrics/**"),
                        Map.entry("GATEWAY_APPS_GRAFANA_RULES_1__METHODS", "GET"),
                        Map.entry("GATEWAY_APPS_GRAFANA_RULES_1__NETWORKS", "10.42.0.0/16"),
                        Map.entry("GATEWAY_APPS_GRAFANA_RULES_1__POLICY", "public"),
                        Map.entry("GATEWAY_APPS_WIKI_SLUG", "team-wiki"),
                        Map.entry("GATEWAY_APPS_WHOAMI_ENABLED", "true")), 300))
                .build();
        PlatformConfig platform = config.getConfigMapping(PlatformConfig.class);
        DomainConfig domain = config.getConfigMapping(DomainConfig.class);
        GatewayConfig gateway = config.getConfigMapping(GatewayConfig.class);
        // with the whole configuration: no variable above may be reported as binding to nothing
        AppRegistry registry = new AppRegistry(platform, domain, gateway, config);

        App grafana = registry.bySlug("grafana").orElseThrow();
        assertEquals("https://auth.example.com/application/o/grafana/", grafana.issuer());
        assertEquals("http://scalr-auth-server:9000/application/o/grafana/jwks/", grafana.jwksUrl());
        assertEquals("grafana-client", grafana.clientId().orElseThrow());
        assertEquals(Set.of("admins", "ops"), grafana.allowedGroups());
        assertEquals(List.of("/public/", "/api/health"), grafana.publicPaths());
        assertEquals(grafana, registry.byHost("metrics.example.org").orElseThrow());
        assertEquals(grafana, registry.byHost("grafana.example.com").orElseThrow());
        assertEquals("https://auth.example.com/application/o/team-wiki/", registry.bySlug("team-wiki").orElseThrow().issuer());
        assertEquals(registry.bySlug("team-wiki"), registry.byHost("team-wiki.example.com"));
        registry.bySlug("whoami").orElseThrow();
        assertEquals(true, grafana.signIn());
        assertEquals("s3cret", grafana.clientSecret().orElseThrow());
        assertEquals(false, registry.bySlug("api").orElseThrow().signIn());
        assertEquals("example.com", gateway.session().cookieDomain().orElseThrow());
        assertEquals("/_auth", gateway.signIn().pathPrefix());
        assertEquals(false, gateway.explain().enabled());
        assertEquals(Duration.ofSeconds(10), gateway.token().clockSkew());
        assertEquals(Duration.ofMinutes(1), gateway.keys().unknownKidCooldown());
        assertEquals(List.of("authentik", "oauth2-proxy"), gateway.headers().sets());
        List<AccessRule> rules = grafana.access().rules();
        assertEquals(2, rules.size());
        assertEquals("paths=/admin/**,~^/api/admin(/.*)?$ policy=groups groups=admins mfa=true max-age=PT15M",
                rules.get(0).text());
        assertEquals("paths=/metrics/** methods=GET networks=10.42.0.0/16 policy=public", rules.get(1).text());
        assertEquals("0", grafana.access().match("POST", "/api/admin/users", "203.0.113.9").label());
        assertEquals("1", grafana.access().match("GET", "/metrics", "10.42.3.4").label());
        assertEquals("default", grafana.access().match("GET", "/metrics", "203.0.113.9").label());
        assertEquals(List.of(), registry.bySlug("api").orElseThrow().access().rules());
    }
}
