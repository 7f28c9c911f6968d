package dev.scalr.gateway.session;

import dev.scalr.gateway.config.GatewayConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Back-channel logouts of sealed sessions (silent refresh off), which live only in the browser: a mark per app and
 * subject (every session issued up to then is over) or per app and Authentik sid, checked when a sealed cookie is
 * opened. Kept in this replica's memory for gateway.session.max-age (no sealed session lives longer), bounded.
 * Replicas do not share marks: with several replicas, stored sessions (refresh on, Redis) are the supported way.
 */
@Singleton
public class Revocations {

    static final int CAPACITY = 100_000;

    private final Map<String, Long> marks = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long keepSeconds;

    @Inject
    public Revocations(GatewayConfig config, Clock clock) {
        this(config.session().maxAge(), clock);
    }

    public Revocations(Duration maxAge, Clock clock) {
        this.clock = clock;
        this.keepSeconds = maxAge.toSeconds();
    }

    public void revoke(String app, String sub, String idpSid) {
        long now = clock.instant().getEpochSecond();
        if (marks.size() >= CAPACITY) {
            marks.values().removeIf(at -> at + keepSeconds < now);
        }
        if (marks.size() >= CAPACITY) {
            return; // a flood of valid logout tokens cannot grow memory without bound (they are signed by Authentik)
        }
        if (sub != null) {
            marks.put(app + "\u0000u\u0000" + sub, now);
        }
        if (idpSid != null) {
            marks.put(app + "\u0000s\u0000" + idpSid, now);
        }
    }

    /** True when a sealed session issued at {@code issuedAt} (epoch seconds) was ended by a back-channel logout. */
    public boolean revoked(String app, String sub, String idpSid, long issuedAt) {
        if (marks.isEmpty()) {
            return false; // the usual case, on every request: no lookup
        }
        Long bySub = sub == null ? null : marks.get(app + "\u0000u\u0000" + sub);
        if (bySub != null && issuedAt <= bySub) {
            return true;
        }
        return idpSid != null && marks.containsKey(app + "\u0000s\u0000" + idpSid);
    }
}
