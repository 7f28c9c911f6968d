package dev.scalr.gateway.session;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.token.Identity;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Sessions with silent refresh. A request needs the store only when this replica's copy of the session is older
 * than gateway.session.store-check-interval or due for refresh; ended sessions are announced by the store and
 * dropped at once, and no copy outlives the session's absolute end ({@link LocalCopies}). The refresh is
 * single-flight twice over: one per session on this replica (concurrent requests share it) and one across replicas
 * (a lock in the store); a request that loses the race waits for the winner's result instead of using the revoked
 * refresh token, so it does not sign the user out. An ended session stays ended: the refresh writes its result only
 * over the version it refreshed ({@link SessionStore#replace}), and back-channel logout marks ({@link Revocations})
 * apply to stored sessions as they do to sealed ones.
 */
public final class Sessions {

    private static final Logger LOG = Logger.getLogger(Sessions.class);
    /** Longer than any token-endpoint call (connect 5 s + read 10 s): a crashed winner frees the lock after it. */
    static final Duration LOCK_TTL = Duration.ofSeconds(20);
    /** How long a loser waits for the winner's refresh, polling the store. */
    static final Duration WAIT_FOR_WINNER = Duration.ofSeconds(16);
    private static final long POLL_MILLIS = 50;
    static final Duration RETRY_AFTER = Duration.ofSeconds(10);
    /** Like the token cache's default; a copy dropped early costs one store read. */
    static final int LOCAL_CAPACITY = 10_000;

    private final SessionStore store;
    private final RefreshGrant refreshGrant;
    private final Optional<Duration> interval;
    private final Duration maxAge;
    private final long checkMillis;
    private final Clock clock;
    private final LocalCopies local;
    private final Revocations revocations;
    private final Map<String, CompletableFuture<Optional<SessionRecord>>> resolving = new ConcurrentHashMap<>();

    /**
     * @param refreshGrant the refresh_token grant at the internal token endpoint
     * @param interval     gateway.session.refresh-interval, or empty for min(5 minutes, the ID token's lifetime)
     * @param storeCheck   how long a copy is trusted without asking the store (0 with a memory store: it is the store)
     * @param revocations  back-channel logout marks, checked for stored sessions as for sealed ones
     */
    public Sessions(SessionStore store, RefreshGrant refreshGrant,
            Optional<Duration> interval, Duration maxAge, Duration storeCheck, Clock clock, Revocations revocations) {
        this.store = store;
        this.refreshGrant = refreshGrant;
        this.interval = interval;
        this.maxAge = maxAge;
        this.checkMillis = store.shared() ? storeCheck.toMillis() : 0;
        this.clock = clock;
        this.local = new LocalCopies(LOCAL_CAPACITY, clock);
        this.revocations = revocations;
        store.onEnded(local::remove);
    }

    /** A new session after sign-in; its id goes into the cookie. */
    public CompletionStage<SessionRecord> create(App app, Identity identity, String idToken, String refreshToken) {
        long now = clock.instant().getEpochSecond();
        long idTokenExp = identity.expiresAt().getEpochSecond();
        SessionRecord record = new SessionRecord(SessionRecord.newId(), app.slug(), identity, IdTokenClaims.sid(idToken), idToken,
                refreshToken, refreshAt(now, idToken, idTokenExp), idTokenExp, now + maxAge.toSeconds(), 0, now);
        return store.put(record).thenApply(done -> remember(record));
    }

    /** The live session with this id, refreshed first when due; empty when it ended (revoked, expired, unknown). */
    public CompletionStage<Optional<SessionRecord>> open(App app, String id) {
        return live(app, id).thenCompose(found -> found.isEmpty() ? CompletableFuture.completedFuture(found)
                : unlessLoggedOut(app, found.get()));
    }

    /** The session, from this replica's copy or the store (refreshed first when due), before the logout marks. */
    private CompletionStage<Optional<SessionRecord>> live(App app, String id) {
        SessionRecord copy = local.get(id, app.slug());
        if (copy != null) {
            return CompletableFuture.completedFuture(Optional.of(copy));
        }
        CompletableFuture<Optional<SessionRecord>> mine = new CompletableFuture<>();
        CompletableFuture<Optional<SessionRecord>> shared = resolving.putIfAbsent(id, mine);
        if (shared != null) {
            return shared; // a request of the same browser already asks the store or Authentik: share its answer
        }
        resolve(app, id).whenComplete((record, error) -> {
            resolving.remove(id, mine);
            if (error != null) {
                LOG.warnf("app=%s session-store=error error=%s", app.slug(), error.getClass().getSimpleName());
                mine.complete(Optional.empty());
            } else {
                mine.complete(record);
            }
        });
        return mine;
    }

    /** Ended by a back-channel logout received after sign-in (by any replica sharing the store): ended here too. */
    private CompletionStage<Optional<SessionRecord>> unlessLoggedOut(App app, SessionRecord record) {
        return revocations.signedInBefore(app.slug(), record.identity().subject(), record.idpSid(), record.signedIn())
                .thenCompose(ended -> {
                    if (!ended) {
                        return CompletableFuture.completedFuture(Optional.of(record));
                    }
                    local.remove(record.id());
                    return store.delete(record).thenApply(done -> Optional.<SessionRecord>empty());
                });
    }

    /** Sign-out: the session ends everywhere; returns it (for id_token_hint) when it was live. */
    public CompletionStage<Optional<SessionRecord>> end(App app, String id) {
        local.remove(id);
        return store.get(id).thenCompose(found -> found.filter(r -> r.app().equals(app.slug())).isEmpty()
                ? CompletableFuture.completedFuture(Optional.<SessionRecord>empty())
                : store.delete(found.get()).thenApply(done -> found));
    }

    /** Back-channel logout: every session of the app for this subject or Authentik session. */
    public CompletionStage<Integer> endAll(App app, String sub, String idpSid) {
        local.removeIf(record -> record.app().equals(app.slug())
                && ((sub != null && sub.equals(record.identity().subject()))
                || (idpSid != null && idpSid.equals(record.idpSid()))));
        return store.endAll(app.slug(), sub, idpSid);
    }

    public SessionStore store() {
        return store;
    }

    /** Copies this replica holds (tests). */
    int localCopies() {
        return local.size();
    }

    private CompletionStage<Optional<SessionRecord>> resolve(App app, String id) {
        return store.get(id).thenCompose(found -> {
            if (found.isEmpty() || !found.get().app().equals(app.slug())) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            SessionRecord record = found.get();
            if (clock.instant().getEpochSecond() < record.refreshAt()) {
                return CompletableFuture.completedFuture(Optional.of(remember(record)));
            }
            return store.lock(id, LOCK_TTL).thenCompose(won -> won
                    ? refreshLocked(app, record).whenComplete((r, e) -> store.unlock(id))
                    : awaitWinner(app, record, clock.millis() + WAIT_FOR_WINNER.toMillis()));
        });
    }

    /** Holding the lock, read again: another replica may have refreshed (its token is spent) or ended it meanwhile. */
    private CompletionStage<Optional<SessionRecord>> refreshLocked(App app, SessionRecord seen) {
        return store.get(seen.id()).thenCompose(now -> now.isEmpty() || now.get().version() > seen.version()
                ? CompletableFuture.completedFuture(now.map(this::remember))
                : refresh(app, now.get()));
    }

    private CompletionStage<Optional<SessionRecord>> refresh(App app, SessionRecord record) {
        return refreshGrant.refresh(app, record.refreshToken()).thenCompose(result -> {
            long now = clock.instant().getEpochSecond();
            if (result.identity() != null && result.identity().subject().equals(record.identity().subject())) {
                long idTokenExp = result.identity().expiresAt().getEpochSecond();
                SessionRecord next = record.refreshed(result.identity(), IdTokenClaims.sid(result.idToken()),
                        result.idToken(), result.refreshToken(), refreshAt(now, result.idToken(), idTokenExp), idTokenExp);
                return store.replace(record, next).thenCompose(written -> written
                        ? CompletableFuture.completedFuture(Optional.of(remember(next)))
                        : afterLostWrite(record));
            }
            if (result.unavailable()) {
                // Authentik did not answer: not a verdict on the session. Keep it while its ID token lasts.
                LOG.infof("app=%s session=refresh-deferred reason=%s detail=\"%s\"", app.slug(), result.reason(),
                        result.detail());
                return CompletableFuture.completedFuture(keepWhileValid(record));
            }
            // Authentik refused (refresh token revoked, user deactivated, session ended there): the session ends.
            LOG.infof("app=%s user=%s session=ended reason=%s detail=\"%s\"", app.slug(), record.identity().username(),
                    result.identity() == null ? result.reason() : "subject_changed", result.detail());
            local.remove(record.id());
            return store.delete(record).thenApply(done -> Optional.empty());
        });
    }

    /**
     * The refresh's result was not written: the session ended meanwhile (sign-out, back-channel logout), and stays
     * ended; or another replica's refresh got there first, and its result is the session now.
     */
    private CompletionStage<Optional<SessionRecord>> afterLostWrite(SessionRecord refreshed) {
        local.remove(refreshed.id());
        return store.get(refreshed.id()).thenApply(found -> found.filter(r -> r.version() > refreshed.version())
                .map(this::remember));
    }

    /** Another request (here or on another replica) holds the refresh lock: wait for its result in the store. */
    private CompletionStage<Optional<SessionRecord>> awaitWinner(App app, SessionRecord seen, long deadline) {
        return CompletableFuture.supplyAsync(() -> null,
                        CompletableFuture.delayedExecutor(POLL_MILLIS, TimeUnit.MILLISECONDS))
                .thenCompose(tick -> store.get(seen.id()))
                .thenCompose(found -> {
                    if (found.isEmpty()) {
                        return CompletableFuture.completedFuture(Optional.<SessionRecord>empty()); // the winner ended it
                    }
                    if (found.get().version() > seen.version()) {
                        return CompletableFuture.completedFuture(Optional.of(remember(found.get())));
                    }
                    if (clock.millis() >= deadline) {
                        return CompletableFuture.completedFuture(keepWhileValid(seen)); // the winner never finished
                    }
                    return awaitWinner(app, seen, deadline);
                });
    }

    /**
     * A refresh that could not happen (Authentik unreachable, the lock holder gone) keeps the session while its ID
     * token lasts, and is retried after {@link #RETRY_AFTER} rather than by every request.
     */
    private Optional<SessionRecord> keepWhileValid(SessionRecord record) {
        long nowMillis = clock.millis();
        if (nowMillis >= record.idTokenExp() * 1000) {
            return Optional.empty();
        }
        return Optional.of(local.put(record, Math.min(record.idTokenExp() * 1000, nowMillis + RETRY_AFTER.toMillis())));
    }

    private SessionRecord remember(SessionRecord record) {
        long untilRefresh = record.refreshAt() * 1000;
        long until = checkMillis > 0 ? Math.min(untilRefresh, clock.millis() + checkMillis) : untilRefresh;
        return local.put(record, until);
    }

    /** Next refresh: the configured interval, else min(5 minutes, the ID token's lifetime); never past its exp. */
    private long refreshAt(long now, String idToken, long idTokenExp) {
        long lifetime = Math.max(1, idTokenExp - IdTokenClaims.issuedAt(idToken).orElse(now));
        long every = interval.map(Duration::toSeconds).orElse(Math.min(300, lifetime));
        return Math.min(now + every, idTokenExp);
    }
}
