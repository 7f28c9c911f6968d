package dev.scalr.gateway.session;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.token.BoundedCache;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Session cookies already opened, so a browser's next request costs a SHA-256 and a map lookup instead of
 * AES-GCM and JSON parsing. Keyed by a SHA-256 of the cookie's name and value (never the value itself): only the
 * exact sealed value a key opened finds the entry. An entry never outlives the session's expiry; bounded like
 * the token cache ({@link BoundedCache}); a cookie that did not open is not remembered (nothing to reuse).
 * {@link #forgetAll()} and {@link #forgetSubject(String)} are the hooks for key rotation and revocation; the
 * session keys only change with a restart today, which empties this memory anyway.
 */
public final class OpenedSessions {

    /** Like the token cache's default: about 5 MB of identities at most. */
    public static final int DEFAULT_CAPACITY = 10_000;

    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    });

    private final BoundedCache<Key, SessionCookie> opened;
    private final Clock clock;

    public OpenedSessions(int capacity, Clock clock) {
        this.opened = new BoundedCache<>(capacity);
        this.clock = clock;
    }

    /**
     * The session of the request's cookie named {@code name}: remembered, or opened by {@code open} (the existing
     * read: cookie lookup, AES-GCM, parse, expiry) and then remembered.
     */
    public Optional<SessionCookie> read(App app, ForwardedRequest request, String name,
            BiFunction<App, ForwardedRequest, Optional<SessionCookie>> open) {
        Optional<String> value = request.cookie(name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Key key = key(name, value.get());
        SessionCookie known = opened.get(key);
        if (known != null) {
            if (clock.instant().isBefore(known.expiresAt())) {
                return Optional.of(known);
            }
            opened.remove(key, known);
            return Optional.empty();
        }
        Optional<SessionCookie> fresh = open.apply(app, request);
        fresh.ifPresent(cookie -> opened.put(key, cookie));
        return fresh;
    }

    /** Forgets every opened session: call when the session keys change. */
    public void forgetAll() {
        opened.clear();
    }

    /** Forgets every opened session of this subject: call when its sessions are revoked. */
    public void forgetSubject(String subject) {
        opened.removeValues(cookie -> cookie.identity() != null && cookie.identity().subject().equals(subject));
    }

    int size() {
        return opened.size();
    }

    private static Key key(String name, String value) {
        MessageDigest digest = SHA256.get();
        digest.update(name.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0); // a name cannot hold NUL: name and value cannot run into each other
        ByteBuffer hash = ByteBuffer.wrap(digest.digest(value.getBytes(StandardCharsets.UTF_8)));
        return new Key(hash.getLong(), hash.getLong(), hash.getLong(), hash.getLong());
    }

    /** All 256 bits of the digest. */
    private record Key(long a, long b, long c, long d) {
        @Override
        public int hashCode() {
            return (int) (a ^ (a >>> 32)); // already uniformly distributed
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key k && a == k.a && b == k.b && c == k.c && d == k.d;
        }
    }
}
