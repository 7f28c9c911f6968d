package dev.scalr.gateway.dev.authentik;

import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.lang.JoseException;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.util.Base64;
import java.util.List;

/** Mints tokens shaped like Authentik's access tokens, one deviation at a time. */
public final class Tokens {

    public static final String PUBLIC_AUTHENTIK = "https://auth.example.test";

    private final JwtClaims claims = new JwtClaims();
    private String kid;
    private String alg;
    private Key key;

    private Tokens(String slug, String clientId) {
        claims.setIssuer(PUBLIC_AUTHENTIK + "/application/o/" + slug + "/");
        if (clientId != null) {
            claims.setAudience(clientId);
            claims.setClaim("azp", clientId);
        }
        claims.setSubject("b3c1f0d7e1a2" + slug);
        claims.setClaim("preferred_username", "alice");
        claims.setClaim("name", "Alice Example");
        claims.setClaim("email", "alice@example.test");
        claims.setClaim("email_verified", false);
        claims.setClaim("groups", List.of("admins", "staff"));
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(60);
    }

    /** A valid token for the app, issued by the public issuer, for the given client id (null: no aud). */
    public static Tokens forApp(String slug, String clientId) {
        return new Tokens(slug, clientId);
    }

    public Tokens issuer(String issuer) {
        claims.setIssuer(issuer);
        return this;
    }

    public Tokens audience(String audience) {
        claims.setAudience(audience);
        return this;
    }

    public Tokens groups(String... groups) {
        claims.setClaim("groups", List.of(groups));
        return this;
    }

    public Tokens username(String username) {
        claims.setClaim("preferred_username", username);
        return this;
    }

    public Tokens claim(String name, Object value) {
        claims.setClaim(name, value);
        return this;
    }

    public Tokens expiresInSeconds(long seconds) {
        NumericDate exp = NumericDate.now();
        exp.addSeconds(seconds);
        claims.setExpirationTime(exp);
        return this;
    }

    public Tokens notBeforeInSeconds(long seconds) {
        NumericDate nbf = NumericDate.now();
        nbf.addSeconds(seconds);
        claims.setNotBefore(nbf);
        return this;
    }

    public Tokens withoutExpiry() {
        claims.unsetClaim("exp");
        return this;
    }

    public Tokens kid(String kid) {
        this.kid = kid;
        return this;
    }

    public String sign(SigningKey signingKey) {
        return signWith(signingKey.jwk().getPrivateKey(), signingKey.alg(), kid != null ? kid : signingKey.kid());
    }

    /** Signs with any key and algorithm, e.g. HS256 with an RSA public key's bytes (algorithm confusion). */
    public String signWith(Key key, String alg, String kid) {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(alg);
        if (kid != null) {
            jws.setKeyIdHeaderValue(kid);
        }
        jws.setDoKeyValidation(false);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned token: {"alg":"none"}. */
    public String unsigned() {
        return b64("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + b64(claims.toJson()) + ".";
    }

    public String claimsJson() {
        return claims.toJson();
    }

    public static String b64(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
