package dev.scalr.gateway.signin;

import org.jose4j.json.JsonUtil;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the callback needs to finish one sign-in, kept in a short-lived sealed cookie (no server state,
 * so any replica can take the callback).
 *
 * @param returnPath path and query to go back to on the app's own host (never a host or scheme)
 */
record LoginState(String slug, String state, String nonce, String verifier, String returnPath, long expiresAt) {

    String toJson() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("app", slug);
        map.put("st", state);
        map.put("n", nonce);
        map.put("v", verifier);
        map.put("r", returnPath);
        map.put("exp", expiresAt);
        return JsonUtil.toJson(map);
    }

    static Optional<LoginState> fromJson(String json) {
        try {
            Map<String, Object> map = JsonUtil.parseJson(json);
            return Optional.of(new LoginState((String) map.get("app"), (String) map.get("st"), (String) map.get("n"),
                    (String) map.get("v"), (String) map.get("r"), ((Number) map.get("exp")).longValue()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
