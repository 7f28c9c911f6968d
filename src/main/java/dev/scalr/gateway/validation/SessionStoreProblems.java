package dev.scalr.gateway.validation;

import dev.scalr.gateway.config.SessionConfig;
import org.eclipse.microprofile.config.ConfigProvider;

import java.util.List;
import java.util.Optional;

/** The session store (memory or Redis), silent refresh and sign-out settings, checked with the rest at startup. */
final class SessionStoreProblems {

    private SessionStoreProblems() {
    }

    static void check(List<String> problems, SessionConfig session) {
        check(problems, session, ConfigProvider.getConfig().getOptionalValue("quarkus.redis.hosts", String.class));
    }

    /** @param redisHosts quarkus.redis.hosts, the Redis client's own setting */
    static void check(List<String> problems, SessionConfig session, Optional<String> redisHosts) {
        String store = session.store();
        if (!store.equals("memory") && !store.equals("redis")) {
            problems.add("gateway.session.store (GATEWAY_SESSION_STORE): '" + store + "' is unknown; choose memory (one"
                    + " replica) or redis (replicas share sessions)");
        }
        if (store.equals("redis") && redisHosts.filter(hosts -> !hosts.isBlank()).isEmpty()) {
            problems.add("quarkus.redis.hosts (QUARKUS_REDIS_HOSTS): required by gateway.session.store=redis, e.g."
                    + " redis://scalr-redis:6379");
        }
        session.refreshInterval().filter(d -> d.toSeconds() < 1)
                .ifPresent(d -> problems.add("gateway.session.refresh-interval (GATEWAY_SESSION_REFRESH_INTERVAL): " + d
                        + " must be at least 1 second"));
        if (session.storeCheckInterval().isNegative()) {
            problems.add("gateway.session.store-check-interval (GATEWAY_SESSION_STORE_CHECK_INTERVAL): must not be negative");
        }
        session.postLogoutPath().filter(path -> !path.startsWith("/") || path.startsWith("//") || path.contains("\\"))
                .ifPresent(path -> problems.add("gateway.session.post-logout-path (GATEWAY_SESSION_POST_LOGOUT_PATH): '"
                        + path + "' must be a path on the app's host, e.g. /"));
    }
}
