package dev.scalr.gateway.session;

import dev.scalr.gateway.token.Identity;
import org.jose4j.json.JsonUtil;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * One browser session kept in the store (silent refresh): who the user is now, the raw tokens, and when to ask
 * Authentik again. The cookie holds only {@link #id()}. Never logged: it holds a refresh token.
 *
 * @param idpSid     Authentik's session id (the ID token's sid claim), for back-channel logout by sid; may be null
 * @param refreshAt  epoch second from which the next request refreshes (at most the ID token's exp)
 * @param idTokenExp epoch second the current ID token expires
 * @param expiresAt  epoch second of the absolute end (gateway.session.max-age after sign-in; refresh never extends it)
 * @param version    counts refreshes, so a replica that lost the race sees the winner's result, and a refresh
 *                   writes only over the version it refreshed
 * @param signedIn   epoch second of the sign-in, which back-channel logout marks are compared with; 0 in a record
 *                   that does not carry it (written by an older gateway): a logout mark of its user then ends it
 */
public record SessionRecord(String id, String app, Identity identity, String idpSid, String idToken,
        String refreshToken, long refreshAt, long idTokenExp, long expiresAt, long version, long signedIn) {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Override
    public String toString() {
        return "SessionRecord[" + app + ", v" + version + "]"; // never print tokens
    }

    SessionRecord refreshed(Identity identity, String idpSid, String idToken, String refreshToken, long refreshAt,
            long idTokenExp) {
        return new SessionRecord(id, app, identity, idpSid == null ? this.idpSid : idpSid, idToken,
                refreshToken == null ? this.refreshToken : refreshToken, refreshAt, idTokenExp, expiresAt, version + 1, signedIn);
    }

    String toJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("id", id);
        map.put("app", app);
        IdentityFields.put(map, identity);
        map.put("isid", idpSid);
        map.put("idt", idToken);
        map.put("rt", refreshToken);
        map.put("ra", refreshAt);
        map.put("ie", idTokenExp);
        map.put("exp", expiresAt);
        map.put("v", version);
        map.put("si", signedIn);
        return JsonUtil.toJson(map);
    }

    static Optional<SessionRecord> fromJson(String json) {
        try {
            Map<String, Object> map = JsonUtil.parseJson(json);
            long idTokenExp = number(map, "ie");
            Identity identity = IdentityFields.read(map, Instant.ofEpochSecond(idTokenExp));
            return Optional.of(new SessionRecord((String) map.get("id"), (String) map.get("app"), identity,
                    (String) map.get("isid"), (String) map.get("idt"), (String) map.get("rt"), number(map, "ra"),
                    idTokenExp, number(map, "exp"), number(map, "v"),
                    map.get("si") instanceof Number si ? si.longValue() : 0));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private static long number(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).longValue();
    }

    /** A new session id: 32 random bytes, base64url. */
    static String newId() {
        byte[] id = new byte[32];
        RANDOM.nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }
}
