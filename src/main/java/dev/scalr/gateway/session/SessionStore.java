package dev.scalr.gateway.session;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Where refreshed sessions live: in memory for one replica ({@link MemorySessionStore}), in Redis/Valkey when
 * replicas share them ({@link RedisSessionStore}). Every operation is asynchronous and never blocks a thread.
 */
public interface SessionStore {

    CompletionStage<Optional<SessionRecord>> get(String id);

    /** Writes the record (expiring at its absolute end) and indexes it by app and subject, and by Authentik's sid. */
    CompletionStage<Void> put(SessionRecord record);

    /**
     * Writes {@code next} (a refresh's result) only while the stored session is still {@code previous}'s version:
     * false when it ended meanwhile (sign-out, back-channel logout, expiry) or another refresh wrote first. An ended
     * session therefore stays ended, whatever was in flight when it ended.
     */
    CompletionStage<Boolean> replace(SessionRecord previous, SessionRecord next);

    /** Ends one session: revocation is a delete. */
    CompletionStage<Void> delete(SessionRecord record);

    /** Ends every session of the app whose subject is {@code sub} or whose Authentik sid is {@code idpSid}. */
    CompletionStage<Integer> endAll(String app, String sub, String idpSid);

    /** The refresh lock of one session: true for the one caller that may refresh it now, until unlock or ttl. */
    CompletionStage<Boolean> lock(String id, Duration ttl);

    CompletionStage<Void> unlock(String id);

    /** True the first time a key is used within ttl (back-channel logout jti replay guard). */
    CompletionStage<Boolean> firstUse(String key, Duration ttl);

    /** Tells this replica about sessions ended anywhere (by id), so its local copies go at once. */
    void onEnded(Consumer<String> listener);

    /** True when every replica reads the same store. */
    boolean shared();

    /** Marks shared by every replica (back-channel logouts of sealed sessions); empty for a store of one replica. */
    default Optional<SharedMarks> marks() {
        return Optional.empty();
    }
}
