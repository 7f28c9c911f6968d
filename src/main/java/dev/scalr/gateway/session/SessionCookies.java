package dev.scalr.gateway.session;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.config.SessionConfig;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.session.IdTokenClaims;
import dev.scalr.gateway.session.IdentityFields;
import dev.scalr.gateway.token.Identity;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import org.jose4j.json.JsonUtil;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The session of one browser with one app, sealed with AES-GCM in a cookie named per app, so apps cannot read
 * each other's sessions. A sealed session holds the claims the identity headers need plus the raw ID token
 * (sign-out's id_token_hint, X-authentik-jwt), deflated so a user in 50 groups still fits one cookie; a stored
 * session (silent refresh) holds only the store's opaque id.
 */
public final class SessionCookies {

    /** Browsers reject cookies over 4096 bytes; stay clear of it with the attributes. */
    static final int MAX_VALUE_LENGTH = 3800;
    private static final String SESSION_PREFIX = "_scalr_auth_";
    private static final String HOST_PREFIX = "__Host-";
    /** First plaintext byte of a deflated session; the sessions sealed before were plain JSON, starting with '{'. */
    static final byte DEFLATED = 'Z';

    private final CookieSealer sealer;
    private final Duration maxAge;
    private final Optional<String> domain;
    private final Clock clock;

    public SessionCookies(CookieSealer sealer, SessionConfig config, Clock clock) {
        this.sealer = sealer;
        this.maxAge = config.maxAge();
        this.domain = config.cookieDomain();
        this.clock = clock;
    }

    /**
     * Over https with host-only cookies the names carry the __Host- prefix: browsers then accept the cookie
     * only host-only, Secure and with Path=/, so a sibling subdomain cannot plant one (cookie tossing), and
     * an unprefixed cookie of the same app is never read there. With a cookie domain, or over plain http
     * (dev), the prefix is impossible and the old names stay (docs/architecture.md, "Cookie names").
     */
    public boolean hostPrefixed(boolean https) {
        return https && domain.isEmpty();
    }

    public String sessionName(App app, boolean https) {
        return (hostPrefixed(https) ? HOST_PREFIX + SESSION_PREFIX.substring(1) : SESSION_PREFIX) + app.slug();
    }

    /** The name=value the browser sends back for a Set-Cookie: its share of the Cookie header. */
    public static int sentBytes(String setCookie) {
        int end = setCookie.indexOf(';');
        return end < 0 ? setCookie.length() : end;
    }

    /** How many bytes the request's session cookie of this app takes in the Cookie header (0 when absent). */
    public int sessionBytes(App app, ForwardedRequest request) {
        String name = sessionName(app, request.https());
        return request.cookie(name).map(value -> name.length() + 1 + value.length()).orElse(0);
    }

    /** The session, or empty when absent, tampered, foreign or expired. */
    public Optional<SessionCookie> read(App app, ForwardedRequest request) {
        String name = sessionName(app, request.https());
        return request.cookie(name)
                .flatMap(value -> sealer.openBytes(value, name))
                .flatMap(SessionCookies::parse)
                .filter(session -> clock.instant().isBefore(session.expiresAt()));
    }

    /**
     * Set-Cookie for a sealed session (no store); empty when the claims do not fit in a cookie. The ID token is
     * left out (no id_token_hint, no X-authentik-jwt) rather than the session refused when only it does not fit.
     */
    public Optional<String> issue(App app, Identity identity, String idToken, boolean secure) {
        Instant now = clock.instant();
        Instant expires = identity.expiresAt().isBefore(now.plus(maxAge)) ? identity.expiresAt() : now.plus(maxAge);
        Map<String, Object> claims = new LinkedHashMap<>();
        IdentityFields.put(claims, identity);
        claims.put("exp", expires.getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        String idpSid = IdTokenClaims.sid(idToken);
        if (idpSid != null) {
            claims.put("isid", idpSid);
        }
        String name = sessionName(app, secure);
        String value = null;
        if (idToken != null) {
            claims.put("idt", idToken);
            value = sealFitting(claims, name);
            claims.remove("idt");
        }
        if (value == null) {
            value = sealFitting(claims, name);
        }
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(setCookie(name, value, "/", Duration.between(now, expires).toSeconds(), secure));
    }

    /** Set-Cookie for a stored session: its id and the absolute end, nothing else. */
    public String issueStored(App app, String storeId, Instant expires, boolean secure) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sid", storeId);
        claims.put("exp", expires.getEpochSecond());
        String name = sessionName(app, secure);
        return setCookie(name, sealer.seal(JsonUtil.toJson(claims), name), "/",
                Duration.between(clock.instant(), expires).toSeconds(), secure);
    }

    private String sealFitting(Map<String, Object> claims, String name) {
        String value = sealer.seal(Deflate.pack(DEFLATED, JsonUtil.toJson(claims)), name);
        return value.length() > MAX_VALUE_LENGTH ? null : value;
    }

    public String clearSession(App app, boolean secure) {
        return setCookie(sessionName(app, secure), "", "/", 0, secure);
    }

    /** Set-Cookie with this gateway's attributes: HttpOnly, SameSite=Lax, the cookie domain when one is set. */
    public String setCookie(String name, String value, String path, long maxAgeSeconds, boolean secure) {
        Cookie cookie = Cookie.cookie(name, value).setPath(path).setMaxAge(maxAgeSeconds).setHttpOnly(true)
                .setSecure(secure).setSameSite(CookieSameSite.LAX);
        domain.ifPresent(cookie::setDomain);
        return cookie.encode();
    }

    private static Optional<SessionCookie> parse(byte[] plain) {
        try {
            String json = plain.length > 0 && plain[0] == DEFLATED ? Deflate.unpack(plain, 1)
                    : new String(plain, StandardCharsets.UTF_8);
            Map<String, Object> map = JsonUtil.parseJson(json);
            Instant expires = Instant.ofEpochSecond(((Number) map.get("exp")).longValue());
            if (map.get("sid") instanceof String storeId) {
                return Optional.of(new SessionCookie(null, null, storeId, expires, 0, null));
            }
            Identity identity = IdentityFields.read(map, expires);
            long issuedAt = map.get("iat") instanceof Number n ? n.longValue() : 0;
            return Optional.of(new SessionCookie(identity, (String) map.get("idt"), null, expires, issuedAt,
                    map.get("isid") instanceof String sid ? sid : null));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
