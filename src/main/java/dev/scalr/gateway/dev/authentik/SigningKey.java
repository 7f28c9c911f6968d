package dev.scalr.gateway.dev.authentik;

import org.jose4j.jwk.EcJwkGenerator;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.RsaJwkGenerator;
import org.jose4j.keys.EllipticCurves;
import org.jose4j.lang.JoseException;

import java.util.UUID;

/** A key pair generated in the test (no committed private keys), with an Authentik-style 32-hex kid. */
public record SigningKey(PublicJsonWebKey jwk, String alg) {

    public static SigningKey rsa() {
        try {
            PublicJsonWebKey jwk = RsaJwkGenerator.generateJwk(2048);
            jwk.setKeyId(newKid());
            return new SigningKey(jwk, "RS256");
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    public static SigningKey ec() {
        try {
            PublicJsonWebKey jwk = EcJwkGenerator.generateJwk(EllipticCurves.P256);
            jwk.setKeyId(newKid());
            return new SigningKey(jwk, "ES256");
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String newKid() {
        return UUID.randomUUID().toString().replace("-", "");
    }

    public String kid() {
        return jwk.getKeyId();
    }

    /** The public half as a JWKS entry, as Authentik publishes it. */
    public String publicJson() {
        return jwk.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    public static String jwks(SigningKey... keys) {
        StringBuilder json = new StringBuilder("{\"keys\":[");
        for (int i = 0; i < keys.length; i++) {
            json.append(i > 0 ? "," : "").append(keys[i].publicJson());
        }
        return json.append("]}").toString();
    }
}
