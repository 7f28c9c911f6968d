package dev.scalr.gateway.session;

import io.quarkus.redis.datasource.ReactiveRedisDataSource;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.redis.client.Response;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Sessions shared by replicas in Redis or Valkey (Quarkus' Redis client, quarkus.redis.hosts). A session is one
 * string key expiring at its absolute end; sets per app and subject, and per app and Authentik sid, find them for
 * back-channel logout; the refresh lock and the jti guard are SET NX PX keys. Every end is published on one
 * channel, so each replica drops its copy at once (its copies also expire after gateway.session.store-check-interval,
 * in case a message is missed while the subscription reconnects).
 */
public final class RedisSessionStore implements SessionStore {

    private static final Logger LOG = Logger.getLogger(RedisSessionStore.class);
    static final String PREFIX = "scalr-auth:";
    static final String ENDED = PREFIX + "ended";

    private final ReactiveRedisDataSource redis;
    private final Clock clock;
    private final List<Consumer<String>> listeners = new CopyOnWriteArrayList<>();
    private final RedisMarks marks;

    /**
     * Far beyond any answer of a healthy Redis. A Redis that stops answering without refusing (a blackholed
     * network) then fails like a stopped one, and each caller's fallback applies at once (docs/operations.md,
     * "Replicas and store"), instead of holding forwardAuth requests until the client gives up.
     */
    static final Duration REPLY_TIMEOUT = Duration.ofSeconds(1);

    /** Every command goes through here, bounded by {@link #REPLY_TIMEOUT}. */
    static Uni<Response> command(ReactiveRedisDataSource redis, String command, String... args) {
        return redis.execute(command, args).ifNoItem().after(REPLY_TIMEOUT).failWith(() -> new TimeoutException(
                "Redis did not answer " + command + " within " + REPLY_TIMEOUT.toMillis() + " ms"));
    }

    public RedisSessionStore(ReactiveRedisDataSource redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
        this.marks = new RedisMarks(redis);
        // one subscription (one held connection) for both channels
        redis.pubsub(String.class).subscribe(List.of(ENDED, RedisMarks.CHANNEL), (channel, message) -> {
                    if (ENDED.equals(channel)) {
                        listeners.forEach(l -> l.accept(message));
                    } else {
                        marks.announced(message);
                    }
                })
                .subscribe().with(subscribed -> LOG.infof("session-store=redis subscribed=%s,%s", ENDED, RedisMarks.CHANNEL),
                        error -> LOG.warnf("session-store=redis subscribe-failed error=%s", error.getClass().getSimpleName()));
    }

    @Override
    public CompletionStage<Optional<SessionRecord>> get(String id) {
        return command(redis, "GET", sessionKey(id))
                .map(response -> response == null ? Optional.<SessionRecord>empty() : SessionRecord.fromJson(response.toString()))
                .subscribeAsCompletionStage();
    }

    @Override
    public CompletionStage<Void> put(SessionRecord record) {
        String at = String.valueOf(record.expiresAt() * 1000);
        return command(redis, "SET", sessionKey(record.id()), record.toJson(), "PXAT", at)
                .chain(() -> indexes(record, at)).replaceWithVoid().subscribeAsCompletionStage();
    }

    /** The sets back-channel logout finds the session by: per app and subject, and per app and Authentik sid. */
    private Uni<Response> indexes(SessionRecord record, String at) {
        Uni<Response> bySub = index(subKey(record.app(), record.identity().subject()), record.id(), at);
        return record.idpSid() == null ? bySub
                : bySub.chain(() -> index(sidKey(record.app(), record.idpSid()), record.id(), at));
    }

    /**
     * {@link #replace} as one atomic step in Redis: the session key is overwritten only while it exists and still
     * holds the expected version (the record's "v"), keeping its absolute end.
     */
    private static final String REPLACE = """
            local current = redis.call('GET', KEYS[1])
            if not current or cjson.decode(current)['v'] ~= tonumber(ARGV[1]) then
              return 0
            end
            redis.call('SET', KEYS[1], ARGV[2], 'PXAT', ARGV[3])
            return 1
            """;

    @Override
    public CompletionStage<Boolean> replace(SessionRecord previous, SessionRecord next) {
        String at = String.valueOf(next.expiresAt() * 1000);
        return command(redis, "EVAL", REPLACE, "1", sessionKey(next.id()), String.valueOf(previous.version()),
                next.toJson(), at)
                .chain(written -> written.toInteger() != 1 ? Uni.createFrom().item(false) : indexes(next, at).replaceWith(true))
                .subscribeAsCompletionStage();
    }

    /** SADD, and let the set live as long as its longest session (PEXPIREAT GT: never shortened). */
    private Uni<Response> index(String key, String id, String at) {
        return command(redis, "SADD", key, id).chain(() -> command(redis, "PEXPIREAT", key, at, "GT"))
                .chain(response -> command(redis, "PEXPIREAT", key, at, "NX"));
    }

    @Override
    public CompletionStage<Void> delete(SessionRecord record) {
        return end(List.of(record.id())).replaceWithVoid().subscribeAsCompletionStage();
    }

    @Override
    public CompletionStage<Integer> endAll(String app, String sub, String idpSid) {
        List<String> sets = new ArrayList<>();
        if (sub != null) {
            sets.add(subKey(app, sub));
        }
        if (idpSid != null) {
            sets.add(sidKey(app, idpSid));
        }
        return command(redis, "SUNION", sets.toArray(String[]::new))
                .map(members -> {
                    List<String> ids = new ArrayList<>();
                    members.forEach(member -> ids.add(member.toString()));
                    return ids;
                })
                .chain(ids -> end(ids).call(() -> command(redis, "DEL", sets.toArray(String[]::new))))
                .subscribeAsCompletionStage();
    }

    /** Deletes the sessions and tells every replica; the count of sessions that were still there. */
    private Uni<Integer> end(List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        return command(redis, "DEL", ids.stream().map(RedisSessionStore::sessionKey).toArray(String[]::new))
                .map(Response::toInteger)
                .call(() -> Uni.join().all(ids.stream().map(id -> command(redis, "PUBLISH", ENDED, id)).toList())
                        .andFailFast());
    }

    @Override
    public CompletionStage<Boolean> lock(String id, Duration ttl) {
        return setOnce(PREFIX + "lock:" + id, ttl);
    }

    @Override
    public CompletionStage<Void> unlock(String id) {
        return command(redis, "DEL", PREFIX + "lock:" + id).replaceWithVoid().subscribeAsCompletionStage();
    }

    @Override
    public CompletionStage<Boolean> firstUse(String key, Duration ttl) {
        return setOnce(PREFIX + "used:" + hash(key), ttl);
    }

    private CompletionStage<Boolean> setOnce(String key, Duration ttl) {
        return command(redis, "SET", key, String.valueOf(clock.millis()), "NX", "PX", String.valueOf(Math.max(1, ttl.toMillis())))
                .map(response -> response != null && "OK".equals(response.toString()))
                .subscribeAsCompletionStage();
    }

    @Override
    public void onEnded(Consumer<String> listener) {
        listeners.add(listener);
    }

    @Override
    public boolean shared() {
        return true;
    }

    @Override
    public Optional<SharedMarks> marks() {
        return Optional.of(marks);
    }

    private static String sessionKey(String id) {
        return PREFIX + "session:" + id;
    }

    /** Subjects and sids come from Authentik: hashed, so a key never holds an arbitrary string. */
    private static String subKey(String app, String sub) {
        return PREFIX + "sub:" + app + ":" + hash(sub);
    }

    private static String sidKey(String app, String sid) {
        return PREFIX + "sid:" + app + ":" + hash(sid);
    }

    static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
