package dev.scalr.gateway.support;

import dev.scalr.gateway.config.SessionConfig;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Session settings of a gateway with sealed cookies only (silent refresh off): 8 h maximum, memory store. */
public final class SessionSettings {

    private SessionSettings() {
    }

    public static SessionConfig sealed(List<String> keys, Optional<String> cookieDomain) {
        return new SessionConfig() {
            public Optional<List<String>> keys() {
                return keys.isEmpty() ? Optional.empty() : Optional.of(keys);
            }

            public Duration maxAge() {
                return Duration.ofHours(8);
            }

            public Optional<String> cookieDomain() {
                return cookieDomain;
            }

            public boolean refresh() {
                return false;
            }

            public Optional<Duration> refreshInterval() {
                return Optional.empty();
            }

            public String store() {
                return "memory";
            }

            public Optional<String> postLogoutPath() {
                return Optional.empty();
            }

            public Duration storeCheckInterval() {
                return Duration.ofSeconds(5);
            }
        };
    }
}
