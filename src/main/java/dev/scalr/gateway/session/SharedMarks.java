package dev.scalr.gateway.session;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * Marks every replica sees (the Redis store): a key with the epoch second it was set, expiring after a ttl. Setting
 * one also announces it, so replicas learn it at once; reading finds marks whose announcement a replica missed.
 */
public interface SharedMarks {

    /** Sets each key to {@code at} for ttl and announces it. */
    CompletionStage<Void> put(List<String> keys, long at, Duration ttl);

    /** The mark of each key, or null where there is none; in the order of the keys. */
    CompletionStage<List<Long>> get(List<String> keys);

    /** Marks announced by any replica (including this one), as (key, at). */
    void onPut(BiConsumer<String, Long> listener);
}
