package dev.scalr.gateway.keys;

import org.jose4j.json.JsonUtil;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * An immutable set of verification keys built from one JWKS document, so that nothing on the
 * request path parses JSON or builds keys. Only RSA and EC public keys meant for signatures count;
 * symmetric ("oct") keys are ignored because HS* tokens are never accepted. Each key carries its RFC 7638
 * thumbprint: what the token cache binds an entry to, since a kid is only a name (absent, or reused).
 */
public final class KeySet {

    public static final KeySet EMPTY = new KeySet(Map.of(), List.of());

    /** One verification key and the SHA-256 JWK thumbprint (RFC 7638) that identifies it. */
    public record VerificationKey(PublicKey key, String thumbprint) {
    }

    private final Map<String, VerificationKey> byKid;
    private final List<VerificationKey> withoutKid;
    private final Set<String> thumbprints;

    private KeySet(Map<String, VerificationKey> byKid, List<VerificationKey> withoutKid) {
        this.byKid = byKid;
        this.withoutKid = withoutKid;
        Set<String> all = new HashSet<>();
        byKid.values().forEach(k -> all.add(k.thumbprint()));
        withoutKid.forEach(k -> all.add(k.thumbprint()));
        this.thumbprints = Set.copyOf(all);
    }

    /** @throws JoseException when the document is not a JWKS at all (garbage, not an object) */
    public static KeySet parse(String json) throws JoseException {
        return parse(json, UnaryOperator.identity());
    }

    /**
     * @param prepare turns each key into the form the signature provider checks fastest (done here, once per
     *                JWKS, rather than per token); the thumbprint is of the published key
     * @throws JoseException when the document is not a JWKS at all (garbage, not an object)
     */
    public static KeySet parse(String json, UnaryOperator<PublicKey> prepare) throws JoseException {
        // Authentik answers {} when the provider has no signing key: a valid, empty set, not garbage.
        Object keys = JsonUtil.parseJson(json).get("keys");
        if (keys == null) {
            return EMPTY;
        }
        if (!(keys instanceof List<?>)) {
            throw new JoseException("\"keys\" is not an array");
        }
        JsonWebKeySet set = new JsonWebKeySet(json);
        Map<String, VerificationKey> byKid = new HashMap<>();
        List<VerificationKey> withoutKid = new ArrayList<>();
        for (JsonWebKey jwk : set.getJsonWebKeys()) {
            if (!(jwk instanceof PublicJsonWebKey pub) || pub.getPublicKey() == null) {
                continue;
            }
            if (jwk.getUse() != null && !"sig".equals(jwk.getUse())) {
                continue;
            }
            VerificationKey key = new VerificationKey(prepare.apply(pub.getPublicKey()), pub.calculateBase64urlEncodedThumbprint("SHA-256"));
            if (jwk.getKeyId() == null) {
                withoutKid.add(key);
            } else {
                byKid.put(jwk.getKeyId(), key);
            }
        }
        return new KeySet(Map.copyOf(byKid), List.copyOf(withoutKid));
    }

    /** The key for a token's kid; a token without kid may use the only key of the set. */
    public VerificationKey find(String kid) {
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

    /** Whether the key with this thumbprint is still published (under any kid, or none). */
    public boolean holds(String thumbprint) {
        return thumbprint != null && thumbprints.contains(thumbprint);
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
