package dev.scalr.gateway.session;

import dev.scalr.gateway.config.GatewayConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * Picks the session store from gateway.session.store: memory (one replica; the default) or redis (replicas
 * share it through quarkus.redis.hosts). The Redis client is only looked up when chosen, so a gateway without
 * Redis never needs quarkus.redis.hosts.
 */
public class SessionStores {

    @Produces
    @Singleton
    SessionStore store(GatewayConfig config, Clock clock, Instance<ReactiveRedisDataSource> redis) {
        if ("redis".equals(config.session().store())) {
            return new RedisSessionStore(redis.get(), clock);
        }
        return new MemorySessionStore(clock);
    }
}
