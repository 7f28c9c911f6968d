package dev.scalr.gateway.signin;

import org.jose4j.json.JsonUtil;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the callback needs to finish one sign-in, kept with the others in flight in a short-lived sealed cookie
 * (no server state, so any replica can take the callback; {@link LoginsInFlight}).
 *
 * @param returnPath path and query to go back to on the app's own host (never a host or scheme)
 */
record LoginState(String slug, String state, String nonce, String verifier, String returnPath, long expiresAt) {

    /** Several sign-ins in flight as one JSON document (one cookie), oldest first. */
    static String toJson(List<LoginState> logins) {
        return JsonUtil.toJson(Map.of("l", logins.stream().map(LoginState::toMap).toList()));
    }

    /** The sign-ins of {@link #toJson(List)}; an entry that is not one is left out. */
    @SuppressWarnings("unchecked")
    static List<LoginState> listFromJson(String json) throws Exception {
        List<LoginState> logins = new ArrayList<>();
        if (JsonUtil.parseJson(json).get("l") instanceof List<?> entries) {
            for (Object entry : entries) {
                if (entry instanceof Map<?, ?> map) {
                    fromMap((Map<String, Object>) map).ifPresent(logins::add);
                }
            }
        }
        return logins;
    }

    private Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("app", slug);
        map.put("st", state);
        map.put("n", nonce);
        map.put("v", verifier);
        map.put("r", returnPath);
        map.put("exp", expiresAt);
        return map;
    }

    private static Optional<LoginState> fromMap(Map<String, Object> map) {
        if (!(map.get("app") instanceof String) || !(map.get("st") instanceof String)) {
            return Optional.empty();
        }
        try {
            return Optional.of(new LoginState((String) map.get("app"), (String) map.get("st"), (String) map.get("n"),
                    (String) map.get("v"), (String) map.get("r"), ((Number) map.get("exp")).longValue()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
