package dev.scalr.gateway.dev.authentik;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Refresh tokens as Authentik's token view treats them: issued only when the granted scope holds offline_access
 * (and the provider offers it), every refresh returns a new one and revokes the one used, reusing a revoked one is
 * 400 invalid_grant (Authentik also records a suspicious-request event: counted here).
 */
final class RefreshTokens {

    /** A refresh token: whose, which Authentik session, and whether it was revoked (used, or session ended). */
    static final class Refresh {
        final String token;
        final String clientId;
        final String user;
        final String scope;
        final String sid;
        /** The sign-in the first grant came from: a refresh is no new sign-in, its tokens keep auth_time and amr. */
        final AuthentikSessions.SignInEvent event;
        volatile boolean revoked;

        Refresh(String clientId, String user, String scope, String sid, AuthentikSessions.SignInEvent event) {
            this.token = UUID.randomUUID().toString();
            this.clientId = clientId;
            this.user = user;
            this.scope = scope;
            this.sid = sid;
            this.event = event;
        }
    }

    private final Map<String, Refresh> tokens = new ConcurrentHashMap<>();
    private final Set<String> noOfflineAccess = ConcurrentHashMap.newKeySet();
    private final Set<String> deactivated = ConcurrentHashMap.newKeySet();
    private final AtomicInteger calls = new AtomicInteger();
    private final AtomicInteger revokedReuse = new AtomicInteger();
    private volatile long delayMillis;

    /** A new refresh token for a code grant, or null when the scope or the provider offers none. */
    String issue(String clientId, String user, String scope, String sid, AuthentikSessions.SignInEvent event) {
        if (!List.of(scope.split(" ")).contains("offline_access") || noOfflineAccess.contains(clientId)) {
            return null;
        }
        Refresh refresh = new Refresh(clientId, user, scope, sid, event);
        tokens.put(refresh.token, refresh);
        return refresh.token;
    }

    /** A refresh grant arrives: counted, and held for the configured delay. */
    void arrived() {
        calls.incrementAndGet();
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Rotates the presented token: its successor, or null once the refusal has been sent. */
    Refresh redeem(HttpExchange exchange, Map<String, String> form) throws IOException {
        Refresh used = tokens.get(form.getOrDefault("refresh_token", ""));
        if (used == null || !used.clientId.equals(form.get("client_id"))) {
            FakeAuthentik.send(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return null;
        }
        synchronized (used) {
            if (used.revoked) {
                if (!deactivated.contains(used.user)) {
                    revokedReuse.incrementAndGet();
                }
                FakeAuthentik.send(exchange, 400, "{\"error\":\"invalid_grant\"}");
                return null;
            }
            // a narrower or wider scope, or one without offline_access, is invalid_scope; none keeps the original
            String scope = form.get("scope");
            if (scope != null && (!List.of(used.scope.split(" ")).containsAll(List.of(scope.split(" ")))
                    || !List.of(scope.split(" ")).contains("offline_access"))) {
                FakeAuthentik.send(exchange, 400, "{\"error\":\"invalid_scope\"}");
                return null;
            }
            used.revoked = true;
        }
        Refresh next = new Refresh(used.clientId, used.user, used.scope, used.sid, used.event);
        tokens.put(next.token, next);
        return next;
    }

    int calls() {
        return calls.get();
    }

    int revokedReuse() {
        return revokedReuse.get();
    }

    void withoutOfflineAccess(String clientId) {
        noOfflineAccess.add(clientId);
    }

    void endSessionsOf(String user) {
        deactivated.add(user);
        tokens.values().stream().filter(r -> r.user.equals(user)).forEach(r -> r.revoked = true);
    }

    void reactivate(String user) {
        deactivated.remove(user);
    }

    void delayMillis(long millis) {
        this.delayMillis = millis;
    }
}
