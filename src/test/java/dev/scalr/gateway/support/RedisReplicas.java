package dev.scalr.gateway.support;

import dev.scalr.gateway.session.RedisSessionStore;
import io.quarkus.redis.runtime.datasource.ReactiveRedisDataSourceImpl;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.redis.client.Redis;
import io.vertx.mutiny.redis.client.RedisAPI;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Stores of gateway replicas sharing one Redis, each with its own client as separate processes would have, built
 * outside Quarkus (Quarkus' own Redis data source over a Vert.x Redis client). Closing closes every client.
 */
public final class RedisReplicas implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final List<Redis> clients = new ArrayList<>();

    /** A replica's store talking to {@code url} (redis://host:port). */
    public RedisSessionStore store(String url, Clock clock) {
        Redis client = Redis.createClient(vertx, url);
        clients.add(client);
        return new RedisSessionStore(new ReactiveRedisDataSourceImpl(vertx, client, RedisAPI.api(client)), clock);
    }

    @Override
    public void close() {
        clients.forEach(Redis::close);
        vertx.closeAndAwait();
    }
}
