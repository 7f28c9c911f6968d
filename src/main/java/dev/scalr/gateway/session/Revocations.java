package dev.scalr.gateway.session;

import dev.scalr.gateway.config.GatewayConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Back-channel logouts of sealed sessions (silent refresh off), which live only in the browser: a mark per app and
 * subject (every session issued up to then is over) or per app and Authentik sid, checked when a sealed cookie is
 * opened, and kept for gateway.session.max-age (no sealed session lives longer), bounded. With a memory store the
 * marks live in this replica's memory. With a shared store (Redis) they are also written there and announced: every
 * replica learns a logout at once, and asks the store about a session it has not checked for
 * gateway.session.store-check-interval (a missed announcement, a replica started after the logout). If the store
 * does not answer that check, the replica decides from the marks it has (the session goes on): see
 * docs/operations.md, "Replicas and store".
 */
@Singleton
public class Revocations {

    private static final Logger LOG = Logger.getLogger(Revocations.class);
    static final int CAPACITY = 100_000;
    private static final CompletionStage<Boolean> YES = CompletableFuture.completedFuture(true);
    private static final CompletionStage<Boolean> NO = CompletableFuture.completedFuture(false);
    private static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final Map<String, Long> marks = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long keepSeconds;
    /** Null with a store of one replica. */
    private final SharedMarks shared;
    private final long checkMillis;
    /** Per sealed session (app, sub, sid): until when (epoch millis) this replica's marks are trusted for it. */
    private final Map<String, Long> checked = new ConcurrentHashMap<>();

    @Inject
    public Revocations(GatewayConfig config, Clock clock, SessionStore store) {
        this(config.session().maxAge(), clock, store, config.session().storeCheckInterval());
    }

    /** Marks in this replica's memory only. */
    public Revocations(Duration maxAge, Clock clock) {
        this(maxAge, clock, null, Duration.ZERO);
    }

    public Revocations(Duration maxAge, Clock clock, SessionStore store, Duration storeCheck) {
        this.clock = clock;
        this.keepSeconds = maxAge.toSeconds();
        this.shared = store == null ? null : store.marks().orElse(null);
        this.checkMillis = storeCheck.toMillis();
        if (shared != null) {
            shared.onPut(this::mark);
        }
    }

    /** Marks the sessions as ended; with a shared store, fails when the store does not take the mark. */
    public CompletionStage<Void> revoke(String app, String sub, String idpSid) {
        long now = clock.instant().getEpochSecond();
        List<String> keys = keys(app, sub, idpSid);
        keys.forEach(key -> mark(key, now));
        return shared == null || keys.isEmpty() ? DONE : shared.put(keys, now, Duration.ofSeconds(keepSeconds));
    }

    /** True when a sealed session issued at {@code issuedAt} (epoch seconds) was ended by a back-channel logout. */
    public CompletionStage<Boolean> revoked(String app, String sub, String idpSid, long issuedAt) {
        if (revokedHere(app, sub, idpSid, issuedAt)) {
            return YES;
        }
        if (shared == null || (sub == null && idpSid == null)) {
            return NO;
        }
        String session = app + "\u0000" + sub + "\u0000" + idpSid;
        long nowMillis = clock.millis();
        Long until = checked.get(session);
        if (until != null && nowMillis < until) {
            return NO; // the usual case, on every request: no store lookup
        }
        List<String> keys = keys(app, sub, idpSid);
        return shared.get(keys).handle((found, error) -> {
            if (error != null) {
                LOG.warnf("app=%s session-store=error revocation-check=skipped error=%s", app,
                        error.getClass().getSimpleName());
                remember(session, nowMillis + Math.min(checkMillis, Sessions.RETRY_AFTER.toMillis()));
                return revokedHere(app, sub, idpSid, issuedAt);
            }
            for (int i = 0; i < keys.size(); i++) {
                if (found.get(i) != null) {
                    mark(keys.get(i), found.get(i));
                }
            }
            remember(session, nowMillis + checkMillis);
            return revokedHere(app, sub, idpSid, issuedAt);
        });
    }

    /**
     * True when a stored session signed in at {@code signedIn} (epoch seconds) was ended by a back-channel logout
     * in a later second. The logout deleted every stored session that existed when it arrived, so one signed in
     * within the logout's own second is left to that delete: it is the one that began after it, and lives.
     */
    public CompletionStage<Boolean> signedInBefore(String app, String sub, String idpSid, long signedIn) {
        return revoked(app, sub, idpSid, signedIn + 1);
    }

    private boolean revokedHere(String app, String sub, String idpSid, long issuedAt) {
        if (marks.isEmpty()) {
            return false; // the usual case, on every request: no lookup
        }
        Long bySub = sub == null ? null : marks.get(subKey(app, sub));
        if (bySub != null && issuedAt <= bySub) {
            return true;
        }
        return idpSid != null && marks.containsKey(sidKey(app, idpSid));
    }

    private void mark(String key, long at) {
        long now = clock.instant().getEpochSecond();
        if (marks.size() >= CAPACITY) {
            marks.values().removeIf(marked -> marked + keepSeconds < now);
        }
        if (marks.size() >= CAPACITY) {
            return; // a flood of valid logout tokens cannot grow memory without bound (they are signed by Authentik)
        }
        marks.merge(key, at, Math::max);
    }

    private void remember(String session, long until) {
        if (checked.size() >= CAPACITY) {
            long nowMillis = clock.millis();
            checked.values().removeIf(at -> at <= nowMillis);
            if (checked.size() >= CAPACITY) {
                checked.clear(); // costs one more store lookup per session, never a wrong answer
            }
        }
        checked.put(session, until);
    }

    private static List<String> keys(String app, String sub, String idpSid) {
        List<String> keys = new ArrayList<>(2);
        if (sub != null) {
            keys.add(subKey(app, sub));
        }
        if (idpSid != null) {
            keys.add(sidKey(app, idpSid));
        }
        return keys;
    }

    private static String subKey(String app, String sub) {
        return app + "\u0000u\u0000" + sub;
    }

    private static String sidKey(String app, String sid) {
        return app + "\u0000s\u0000" + sid;
    }
}
