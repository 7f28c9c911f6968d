package dev.scalr.gateway.validation;

import dev.scalr.gateway.config.DomainConfig;
import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.config.PlatformConfig;
import dev.scalr.gateway.app.AppRegistry;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A GATEWAY_APPS_* variable that binds to no app setting, or a gateway without any app, stops the start: otherwise
 * it would start ready and answer every request 403 undeclared_app. (The binding rules are SmallRye's; the cases
 * here were checked against it: a key with '_' binds to nothing.)
 */
class AppDeclarationsTest {

    static SmallRyeConfig config(Map<String, String> env, Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withConverter(java.time.Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(PlatformConfig.class).withMapping(DomainConfig.class).withMapping(GatewayConfig.class)
                .withSources(new EnvConfigSource(env, 300), new PropertiesConfigSource(properties, "application.properties", 250))
                .build();
    }

    static AppRegistry registry(Map<String, String> env, Map<String, String> properties) {
        SmallRyeConfig config = config(env, properties);
        return new AppRegistry(config.getConfigMapping(PlatformConfig.class), config.getConfigMapping(DomainConfig.class),
                config.getConfigMapping(GatewayConfig.class), config);
    }

    static String startFailure(Map<String, String> env, Map<String, String> properties) {
        return assertThrows(ConfigurationException.class, () -> registry(env, properties)).getMessage();
    }

    @Test
    void variablesThatBindToNoAppSettingAreListedWithTheWayToWriteThem() {
        String message = startFailure(Map.of(
                "GATEWAY_APPS_APP_A_SLUG", "app-a",
                "GATEWAY_APPS_APP_A_CLIENT_ID", "app-a-client",
                "GATEWAY_APPS_WIKI_CLIENT_ID", "wiki-client",
                "GATEWAY_APPS_WIKI_SIGN_IN", "false",
                "GATEWAY_APPS_WIKI_CLIENTID", "typo",
                "GATEWAY_APPS_WHOAMI", "true"), Map.of());
        for (String unbound : List.of("GATEWAY_APPS_APP_A_SLUG", "GATEWAY_APPS_APP_A_CLIENT_ID", "GATEWAY_APPS_WIKI_CLIENTID",
                "GATEWAY_APPS_WHOAMI")) {
            assertTrue(message.contains(unbound + ": binds to no app setting"), unbound + " not listed in:\n" + message);
        }
        assertFalse(message.contains("GATEWAY_APPS_WIKI_CLIENT_ID:"), message);
        assertTrue(message.contains("GATEWAY_APPS_APPA_SLUG"), "suggests a key without '_':\n" + message);
        assertTrue(message.contains("GATEWAY_APPS_<KEY>_<SETTING>"), message);
    }

    @Test
    void onlyUnboundVariablesMeansNoAppAndSaysBoth() {
        String message = startFailure(Map.of("GATEWAY_APPS_APP_A_SLUG", "app-a"), Map.of());
        assertTrue(message.contains("GATEWAY_APPS_APP_A_SLUG"), message);
        assertTrue(message.contains("gateway.apps: no app is declared"), message);
    }

    @Test
    void noAppAtAllStopsTheStartNamingTheOptIn() {
        String message = startFailure(Map.of(), Map.of());
        assertTrue(message.contains("gateway.apps: no app is declared"), message);
        assertTrue(message.contains("GATEWAY_ALLOW_NO_APPS=true"), message);
    }

    @Test
    void onlyDisabledAppsCountAsNoApp() {
        String message = startFailure(Map.of("GATEWAY_APPS_WIKI_ENABLED", "false"), Map.of());
        assertTrue(message.contains("gateway.apps: no app is declared"), message);
    }

    @Test
    void noAppStartsWhenExplicitlyAllowed() {
        assertEquals(0, registry(Map.of("GATEWAY_ALLOW_NO_APPS", "true"), Map.of()).all().size());
    }

    @Test
    void everyFormThatBindsIsAccepted() {
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_APPS_WIKI_SLUG", "team-wiki");
        env.put("GATEWAY_APPS_WIKI_CLIENT_ID", "wiki-client");
        env.put("GATEWAY_APPS_WIKI_CLIENT_SECRET", "s3cret");
        env.put("GATEWAY_APPS_WIKI_ALLOWED_GROUPS", "editors");
        env.put("GATEWAY_APPS_WIKI_PUBLIC_PATHS", "/static/");
        env.put("GATEWAY_APPS_WIKI_HOSTS", "docs.example.org");
        env.put("GATEWAY_APPS_WIKI_ISSUER", "https://auth.example.com/application/o/team-wiki/");
        env.put("GATEWAY_APPS_WIKI_JWKS_URL", "http://auth:9000/application/o/team-wiki/jwks/");
        env.put("GATEWAY_APPS_WIKI_SIGN_IN", "false");
        env.put("GATEWAY_APPS_WIKI_ENABLED", "true");
        env.put("GATEWAY_APPS_api_CLIENT_ID", "api-client");
        env.put("GATEWAY_APPS_API_SIGN_IN", "false");
        // from a properties file, a key with '-' binds fine and is no environment variable at all
        assertEquals(3, registry(env, Map.of("gateway.apps.my-app.enabled", "true")).all().size());
    }

    @Test
    void mainPortProxyForwardingIsRefusedNamingTheProperty() {
        String message = startFailure(Map.of("GATEWAY_APPS_WIKI_ENABLED", "true",
                "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "true"), Map.of());
        assertTrue(message.contains("quarkus.http.proxy.proxy-address-forwarding (QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING)"),
                message);
        assertTrue(message.contains("gateway.trusted-proxies"), message);
    }

    @Test
    void forwardedHeaderOptionsAreRefusedToo() {
        String message = startFailure(Map.of("GATEWAY_APPS_WIKI_ENABLED", "true"),
                Map.of("quarkus.http.proxy.allow-x-forwarded", "true", "quarkus.http.proxy.allow-forwarded", "true"));
        assertTrue(message.contains("quarkus.http.proxy.allow-x-forwarded"), message);
        assertTrue(message.contains("quarkus.http.proxy.allow-forwarded "), message);
    }

    @Test
    void proxyForwardingSwitchedOffExplicitlyIsFine() {
        assertEquals(1, registry(Map.of("GATEWAY_APPS_WIKI_ENABLED", "true",
                "QUARKUS_HTTP_PROXY_PROXY_ADDRESS_FORWARDING", "false"), Map.of()).all().size());
    }
}
