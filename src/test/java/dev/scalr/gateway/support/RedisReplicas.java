package dev.scalr.gateway.support;

import dev.scalr.gateway.session.RedisSessionStore;
import io.quarkus.redis.runtime.datasource.ReactiveRedisDataSourceImpl;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores of gateway replicas sharing one real redis-server, each with its own client as separate processes would
 * have, built outside Quarkus (Quarkus' own Redis data source over a Vert.x Redis client). A test class registers
 * it once ({@code @RegisterExtension static final RedisReplicas replicas = new RedisReplicas();}): the server
 * starts before its tests and stops, with every client, after them.
 */
public final class RedisReplicas implements BeforeAllCallback, AfterAllCallback {

    private final List<Redis> clients = new ArrayList<>();
    private Vertx vertx;
    private RedisServer redis;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        redis = RedisServer.start();
        vertx = Vertx.vertx();
    }

    /** redis://host:port of the shared server. */
    public String url() {
        return redis.url();
    }

    /** A replica's store talking to the shared server. */
    public RedisSessionStore store(Clock clock) {
        return store(url(), clock);
    }

    /** A replica's store talking to {@code url} (another server, or a port where none answers). */
    public RedisSessionStore store(String url, Clock clock) {
        Redis client = Redis.createClient(vertx, url);
        clients.add(client);
        return new RedisSessionStore(new ReactiveRedisDataSourceImpl(vertx, client, RedisAPI.api(client)), clock);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        clients.forEach(Redis::close);
        clients.clear();
        if (vertx != null) {
            vertx.closeAndAwait();
        }
        if (redis != null) {
            redis.close();
        }
    }
}
