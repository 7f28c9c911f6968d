package dev.scalr.gateway.token;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A concurrent map bounded by evicting the oldest insertion, one entry at a time: O(1) per insertion, no scan,
 * and a full map never loses more than the entry that makes room. An entry removed early (expired, key gone)
 * leaves its slot in the order queue until that slot comes up: the bound only ever errs towards fewer entries.
 */
public final class BoundedFifo<K, V> {

    private final ConcurrentHashMap<K, V> map = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<K> order = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final int maxSize;

    public BoundedFifo(int maxSize) {
        this.maxSize = maxSize;
    }

    public V get(K key) {
        return map.get(key);
    }

    public void remove(K key, V value) {
        map.remove(key, value);
    }

    public void put(K key, V value) {
        if (map.put(key, value) != null) {
            return; // already queued
        }
        order.add(key);
        if (queued.incrementAndGet() > maxSize) {
            evict();
        }
    }

    private void evict() {
        while (queued.get() > maxSize) {
            K oldest = order.poll();
            if (oldest == null) {
                return;
            }
            queued.decrementAndGet();
            map.remove(oldest);
        }
    }

    /** Drops every entry (e.g. the keys that opened them changed); the order queue is emptied too. */
    public void clear() {
        map.clear();
        order.clear();
        queued.set(0);
    }

    /** Drops the entries whose value matches (rare events such as a revocation: a scan is fine). */
    public void removeValues(java.util.function.Predicate<V> matching) {
        map.values().removeIf(matching);
    }

    public int size() {
        return map.size();
    }
}
