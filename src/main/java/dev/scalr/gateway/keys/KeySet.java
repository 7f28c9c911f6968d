package dev.scalr.gateway.keys;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import java.security.PublicKey;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An immutable set of verification keys built from one JWKS document, so that nothing on the
 * request path parses JSON or builds keys. Only RSA and EC public keys meant for signatures count;
 * symmetric ("oct") keys are ignored because HS* tokens are never accepted.
 */
public final class KeySet {

    public static final KeySet EMPTY = new KeySet(Map.of(), List.of());

    private final Map<String, PublicKey> byKid;
    private final List<PublicKey> withoutKid;

    private KeySet(Map<String, PublicKey> byKid, List<PublicKey> withoutKid) {
        this.byKid = byKid;
        this.withoutKid = withoutKid;
    }

    /** @throws JoseException when the document is not a JWKS at all (garbage, not an object) */
    public static KeySet parse(String json) throws JoseException {
        // Authentik answers {} when the provider has no signing key: a valid, empty set, not garbage.
        Object keys = JsonUtil.parseJson(json).get("keys");
        if (keys == null) {
            return EMPTY;
        }
        if (!(keys instanceof List<?>)) {
            throw new JoseException("\"keys\" is not an array");
        }
        JsonWebKeySet set = new JsonWebKeySet(json);
        Map<String, PublicKey> byKid = new HashMap<>();
        List<PublicKey> withoutKid = new java.util.ArrayList<>();
        for (JsonWebKey jwk : set.getJsonWebKeys()) {
            if (!(jwk instanceof PublicJsonWebKey pub) || pub.getPublicKey() == null) {
                continue;
            }
            if (jwk.getUse() != null && !"sig".equals(jwk.getUse())) {
                continue;
            }
            if (jwk.getKeyId() == null) {
                withoutKid.add(pub.getPublicKey());
            } else {
                byKid.put(jwk.getKeyId(), pub.getPublicKey());
            }
        }
        return new KeySet(Map.copyOf(byKid), List.copyOf(withoutKid));
    }

    /** The key for a token's kid; a token without kid may use the only key of the set. */
    public PublicKey find(String kid) {
        if (kid != null) {
            return byKid.get(kid);
        }
        if (byKid.size() + withoutKid.size() == 1) {
            return withoutKid.isEmpty() ? byKid.values().iterator().next() : withoutKid.get(0);
        }
        return null;
    }

    public boolean contains(String kid) {
        return kid == null ? find(null) != null : byKid.containsKey(kid);
    }

    public int size() {
        return byKid.size() + withoutKid.size();
    }

    public boolean isEmpty() {
        return size() == 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof KeySet that && byKid.equals(that.byKid) && withoutKid.equals(that.withoutKid);
    }

    @Override
    public int hashCode() {
        return byKid.hashCode() * 31 + withoutKid.hashCode();
    }
}
