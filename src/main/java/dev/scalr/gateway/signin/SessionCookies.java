package dev.scalr.gateway.signin;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

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
    private static final String LOGIN_PREFIX = "_scalr_login_";
    private static final String HOST_PREFIX = "__Host-";
    private static final Pattern STATE = Pattern.compile("[A-Za-z0-9_-]{43}");
    /** First plaintext byte of a deflated session; the sessions sealed before were plain JSON, starting with '{'. */
    private static final byte DEFLATED = 'Z';

    private final CookieSealer sealer;
    private final Duration maxAge;
    private final Optional<String> domain;
    private final String reservedPrefix;
    private final Clock clock;

    public SessionCookies(CookieSealer sealer, SessionConfig config, String reservedPrefix, Clock clock) {
        this.sealer = sealer;
        this.maxAge = config.maxAge();
        this.domain = config.cookieDomain();
        this.reservedPrefix = reservedPrefix;
        this.clock = clock;
    }

    /**
     * Over https with host-only cookies the names carry the __Host- prefix: browsers then accept the cookie
     * only host-only, Secure and with Path=/, so a sibling subdomain cannot plant one (cookie tossing), and
     * an unprefixed cookie of the same app is never read there. With a cookie domain, or over plain http
     * (dev), the prefix is impossible and the old names stay (docs/architecture.md, "Cookie names").
     */
    private boolean hostPrefixed(boolean https) {
        return https && domain.isEmpty();
    }

    public String sessionName(App app, boolean https) {
        return (hostPrefixed(https) ? HOST_PREFIX + SESSION_PREFIX.substring(1) : SESSION_PREFIX) + app.slug();
    }

    /** One login cookie per app, holding every sign-in in flight ({@link LoginsInFlight}). */
    String loginName(App app, boolean https) {
        return (hostPrefixed(https) ? HOST_PREFIX + LOGIN_PREFIX.substring(1) : LOGIN_PREFIX) + app.slug();
    }

    /** The name=value the browser sends back for a Set-Cookie: its share of the Cookie header. */
    static int sentBytes(String setCookie) {
        int end = setCookie.indexOf(';');
        return end < 0 ? setCookie.length() : end;
    }

    /** How many bytes the request's session cookie of this app takes in the Cookie header (0 when absent). */
    int sessionBytes(App app, ForwardedRequest request) {
        String name = sessionName(app, request.https());
        return request.cookie(name).map(value -> name.length() + 1 + value.length()).orElse(0);
    }

    /** __Host- demands Path=/; otherwise the login cookie only goes to the reserved path. */
    private String loginPath(boolean https) {
        return hostPrefixed(https) ? "/" : reservedPrefix + "/";
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
    Optional<String> issue(App app, Identity identity, String idToken, boolean secure) {
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
        return Optional.of(cookie(name, value, "/", Duration.between(now, expires).toSeconds(), secure));
    }

    /** Set-Cookie for a stored session: its id and the absolute end, nothing else. */
    String issueStored(App app, String storeId, Instant expires, boolean secure) {
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sid", storeId);
        claims.put("exp", expires.getEpochSecond());
        String name = sessionName(app, secure);
        return cookie(name, sealer.seal(JsonUtil.toJson(claims), name), "/",
                Duration.between(clock.instant(), expires).toSeconds(), secure);
    }

    private String sealFitting(Map<String, Object> claims, String name) {
        String value = sealer.seal(Deflate.pack(DEFLATED, JsonUtil.toJson(claims)), name);
        return value.length() > MAX_VALUE_LENGTH ? null : value;
    }

    String clearSession(App app, boolean secure) {
        return cookie(sessionName(app, secure), "", "/", 0, secure);
    }

    /** Set-Cookie for the sign-ins in flight, oldest first. */
    String issueLogins(App app, List<LoginState> logins, boolean secure, Duration timeout) {
        String name = loginName(app, secure);
        return cookie(name, sealer.seal(Deflate.pack(DEFLATED, LoginState.toJson(logins)), name), loginPath(secure),
                timeout.toSeconds(), secure);
    }

    /** States are ours (43 base64url chars); anything else cannot be a sign-in of ours. */
    static boolean wellFormedState(String state) {
        return state != null && STATE.matcher(state).matches();
    }

    /** The sign-ins in flight, oldest first; empty when absent, tampered or foreign. */
    List<LoginState> readLogins(App app, ForwardedRequest request) {
        String name = loginName(app, request.https());
        return request.cookie(name).flatMap(value -> sealer.openBytes(value, name)).map(SessionCookies::logins)
                .orElse(List.of());
    }

    String clearLogins(App app, boolean secure) {
        return cookie(loginName(app, secure), "", loginPath(secure), 0, secure);
    }

    private static List<LoginState> logins(byte[] plain) {
        try {
            return plain.length > 0 && plain[0] == DEFLATED ? LoginState.listFromJson(Deflate.unpack(plain, 1)) : List.of();
        } catch (Exception e) {
            return List.of();
        }
    }

    private String cookie(String name, String value, String path, long maxAgeSeconds, boolean secure) {
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
