package dev.scalr.gateway.session;

import org.jose4j.json.JsonUtil;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;

/** Claims read from an ID token the gateway has already verified (signature checked at sign-in or refresh). */
public final class IdTokenClaims {

    private IdTokenClaims() {
    }

    /** Authentik's session id, which back-channel logout tokens name; null when absent. */
    public static String sid(String idToken) {
        return claims(idToken).map(c -> c.get("sid") instanceof String s ? s : null).orElse(null);
    }

    public static Optional<Long> issuedAt(String idToken) {
        return claims(idToken).map(c -> c.get("iat") instanceof Number n ? n.longValue() : null);
    }

    private static Optional<Map<String, Object>> claims(String idToken) {
        if (idToken == null) {
            return Optional.empty();
        }
        int first = idToken.indexOf('.');
        int second = idToken.indexOf('.', first + 1);
        if (first < 0 || second < 0) {
            return Optional.empty();
        }
        try {
            byte[] json = Base64.getUrlDecoder().decode(idToken.substring(first + 1, second));
            return Optional.of(JsonUtil.parseJson(new String(json, StandardCharsets.UTF_8)));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
