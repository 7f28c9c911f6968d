package dev.scalr.gateway.session;

import dev.scalr.gateway.config.GatewayConfig;
import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.List;

/**
 * Picks, once at startup, the session store from gateway.session.store: memory (one replica; the default) or redis
 * (replicas share it through quarkus.redis.hosts; the Redis client is only looked up when chosen, so a gateway without
 * Redis never needs quarkus.redis.hosts), and the kind of browser session from gateway.session.refresh: sealed in the
 * cookie, or stored ({@link BrowserSessions#of}).
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

    @Produces
    @Singleton
    SessionCookies cookies(GatewayConfig config, Clock clock) {
        return new SessionCookies(CookieSealer.fromBase64(config.session().keys().orElse(List.of())), config.session(),
                clock);
    }

    @Produces
    @Singleton
    BrowserSessions browserSessions(GatewayConfig config, SessionCookies cookies, SessionStore store,
            Revocations revocations, RefreshGrant grant, Clock clock) {
        return BrowserSessions.of(config, cookies, store, revocations, grant, clock);
    }
}
