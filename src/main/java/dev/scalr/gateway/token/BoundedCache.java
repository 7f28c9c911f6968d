package dev.scalr.gateway.token;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import java.util.function.Predicate;

/**
 * A concurrent map bounded by Caffeine's W-TinyLFU policy: a new entry waits in a small window and joins the main
 * space only if it is used more often than the entry it would replace. So a stream of one-off entries (a burst of
 * first-seen tokens, a flood of forged ones) does not evict the entries in steady use, as a FIFO
 * would (docs/architecture.md, "Bounded by frequency, not by age").
 */
public final class BoundedCache<K, V> {

    private final Cache<K, V> cache;

    public BoundedCache(int maxSize) {
        // maintenance (eviction) on the calling thread: no pool thread wakes up per request
        this.cache = Caffeine.newBuilder().maximumSize(maxSize).executor(Runnable::run).build();
    }

    public V get(K key) {
        return cache.getIfPresent(key);
    }

    public void remove(K key, V value) {
        cache.asMap().remove(key, value);
    }

    public void put(K key, V value) {
        cache.put(key, value);
    }

    /** Drops every entry (e.g. the keys that opened them changed). */
    public void clear() {
        cache.invalidateAll();
    }

    /** Drops the entries whose value matches (rare events such as a revocation: a scan is fine). */
    public void removeValues(Predicate<V> matching) {
        cache.asMap().values().removeIf(matching);
    }

    /** Entries held, after pending evictions (metrics and tests). */
    public int size() {
        cache.cleanUp();
        return (int) cache.estimatedSize();
    }
}
