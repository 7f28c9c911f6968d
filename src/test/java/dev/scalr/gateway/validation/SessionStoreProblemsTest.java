package dev.scalr.gateway.validation;

import dev.scalr.gateway.config.GatewayConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session settings stop the start with a message naming the property and its env form. */
class SessionStoreProblemsTest {

    static List<String> problems(Map<String, String> properties, Optional<String> redisHosts) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withConverter(java.time.Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(GatewayConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .build();
        List<String> problems = new ArrayList<>();
        SessionStoreProblems.check(problems, config.getConfigMapping(GatewayConfig.class).session(), redisHosts);
        return problems;
    }

    @ParameterizedTest(name = "{0}={1} -> {2}")
    @CsvSource(delimiter = '|', value = {
            "gateway.session.store|files|gateway.session.store (GATEWAY_SESSION_STORE): 'files' is unknown",
            "gateway.session.store|redis|quarkus.redis.hosts (QUARKUS_REDIS_HOSTS): required by gateway.session.store=redis",
            "gateway.session.refresh-interval|0S|gateway.session.refresh-interval (GATEWAY_SESSION_REFRESH_INTERVAL)",
            "gateway.session.post-logout-path|https://evil.example/|gateway.session.post-logout-path (GATEWAY_SESSION_POST_LOGOUT_PATH)",
            "gateway.session.post-logout-path|//evil.example|gateway.session.post-logout-path (GATEWAY_SESSION_POST_LOGOUT_PATH)"})
    void badSessionSettingIsNamed(String property, String value, String message) {
        List<String> problems = problems(Map.of(property, value), Optional.empty());
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith(message), problems.get(0));
    }

    @Test
    void redisStoreWithHostsAndDefaultsAreAccepted() {
        assertEquals(List.of(), problems(Map.of("gateway.session.store", "redis", "gateway.session.refresh", "true",
                "gateway.session.post-logout-path", "/"), Optional.of("redis://127.0.0.1:6379")));
        assertEquals(List.of(), problems(Map.of(), Optional.empty()));
    }
}
