package dev.scalr.gateway.session;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * {@link SharedMarks} in Redis: one string key per mark (hashed: marks are named by subjects and sids from
 * Authentik), expiring after its ttl, and one announcement per mark on a channel, which {@link RedisSessionStore}'s
 * subscription hands to {@link #announced}.
 */
final class RedisMarks implements SharedMarks {

    static final String CHANNEL = RedisSessionStore.PREFIX + "marked";

    private final ReactiveRedisDataSource redis;
    private final List<BiConsumer<String, Long>> listeners = new CopyOnWriteArrayList<>();

    RedisMarks(ReactiveRedisDataSource redis) {
        this.redis = redis;
    }

    @Override
    public CompletionStage<Void> put(List<String> keys, long at, Duration ttl) {
        String px = String.valueOf(Math.max(1, ttl.toMillis()));
        Uni<Void> all = Uni.createFrom().voidItem();
        for (String key : keys) {
            all = all.chain(() -> RedisSessionStore.command(redis, "SET", redisKey(key), String.valueOf(at), "PX", px))
                    .chain(() -> RedisSessionStore.command(redis, "PUBLISH", CHANNEL, at + " " + key)).replaceWithVoid();
        }
        return all.subscribeAsCompletionStage();
    }

    @Override
    public CompletionStage<List<Long>> get(List<String> keys) {
        return RedisSessionStore.command(redis, "MGET", keys.stream().map(RedisMarks::redisKey).toArray(String[]::new))
                .map(values -> {
                    List<Long> marks = new ArrayList<>(keys.size());
                    values.forEach(value -> marks.add(value == null ? null : value.toLong()));
                    return marks;
                })
                .subscribeAsCompletionStage();
    }

    @Override
    public void onPut(BiConsumer<String, Long> listener) {
        listeners.add(listener);
    }

    /** A message of {@link #CHANNEL}: "{@code <at> <key>}". */
    void announced(String message) {
        int space = message.indexOf(' ');
        if (space <= 0) {
            return;
        }
        long at;
        try {
            at = Long.parseLong(message.substring(0, space));
        } catch (NumberFormatException e) {
            return;
        }
        String key = message.substring(space + 1);
        listeners.forEach(listener -> listener.accept(key, at));
    }

    private static String redisKey(String key) {
        return RedisSessionStore.PREFIX + "mark:" + RedisSessionStore.hash(key);
    }
}
