package dev.scalr.gateway.session;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The store of a single replica: maps in memory. Expired entries are dropped when met and by a sweep on writes,
 * so memory stays bounded by the sessions alive within gateway.session.max-age.
 */
public final class MemorySessionStore implements SessionStore {

    private final Map<String, SessionRecord> sessions = new ConcurrentHashMap<>();
    private final Map<String, Long> locks = new ConcurrentHashMap<>();
    private final Map<String, Long> used = new ConcurrentHashMap<>();
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final Clock clock;
    private volatile long nextSweep;

    public MemorySessionStore(Clock clock) {
        this.clock = clock;
    }

    @Override
    public CompletionStage<Optional<SessionRecord>> get(String id) {
        SessionRecord record = sessions.get(id);
        if (record != null && record.expiresAt() <= now()) {
            sessions.remove(id, record);
            record = null;
        }
        return CompletableFuture.completedFuture(Optional.ofNullable(record));
    }

    @Override
    public CompletionStage<Void> put(SessionRecord record) {
        sweep();
        sessions.put(record.id(), record);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Boolean> replace(SessionRecord previous, SessionRecord next) {
        long now = now();
        boolean[] written = {false};
        sessions.computeIfPresent(next.id(), (id, current) -> {
            if (current.version() != previous.version() || current.expiresAt() <= now) {
                return current;
            }
            written[0] = true;
            return next;
        });
        return CompletableFuture.completedFuture(written[0]);
    }

    @Override
    public CompletionStage<Void> delete(SessionRecord record) {
        if (sessions.remove(record.id()) != null) {
            listeners.forEach(l -> l.accept(record.id()));
        }
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Integer> endAll(String app, String sub, String idpSid) {
        int ended = 0;
        for (SessionRecord record : List.copyOf(sessions.values())) {
            boolean match = record.app().equals(app) && ((sub != null && sub.equals(record.identity().subject()))
                    || (idpSid != null && idpSid.equals(record.idpSid())));
            if (match && sessions.remove(record.id(), record)) {
                ended++;
                listeners.forEach(l -> l.accept(record.id()));
            }
        }
        return CompletableFuture.completedFuture(ended);
    }

    @Override
    public CompletionStage<Boolean> lock(String id, Duration ttl) {
        long now = clock.millis();
        long until = now + ttl.toMillis();
        boolean[] won = {false};
        locks.compute(id, (k, held) -> {
            if (held == null || held <= now) {
                won[0] = true;
                return until;
            }
            return held;
        });
        return CompletableFuture.completedFuture(won[0]);
    }

    @Override
    public CompletionStage<Void> unlock(String id) {
        locks.remove(id);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletionStage<Boolean> firstUse(String key, Duration ttl) {
        long now = clock.millis();
        used.values().removeIf(until -> until <= now);
        return CompletableFuture.completedFuture(used.putIfAbsent(key, now + ttl.toMillis()) == null);
    }

    @Override
    public void onEnded(Consumer<String> listener) {
        listeners.add(listener);
    }

    @Override
    public boolean shared() {
        return false;
    }

    public int size() {
        return sessions.size();
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }

    /** At most once a minute: whatever expired since goes. */
    private void sweep() {
        long now = now();
        if (now < nextSweep) {
            return;
        }
        nextSweep = now + 60;
        sessions.values().removeIf(record -> record.expiresAt() <= now);
    }
}
