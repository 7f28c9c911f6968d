package dev.scalr.gateway.dev.authentik;

import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * Back-channel logout tokens as Authentik's provider signs them: iss, aud, iat, jti, events, sid and/or sub,
 * typ logout+jwt.
 */
final class LogoutTokenSigner {

    private LogoutTokenSigner() {
    }

    /** {@code tweak} and {@code header} change the claims or the header before signing. */
    static String sign(String slug, String clientId, SigningKey key, String sub, String sid,
            Consumer<JsonWebSignature> header, Consumer<JwtClaims> tweak) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(Tokens.PUBLIC_AUTHENTIK + "/application/o/" + slug + "/");
        claims.setAudience(clientId);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(2);
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setClaim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()));
        if (sub != null) {
            claims.setSubject(sub);
        }
        if (sid != null) {
            claims.setClaim("sid", sid);
        }
        tweak.accept(claims);
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key.jwk().getPrivateKey());
        jws.setAlgorithmHeaderValue(key.alg());
        jws.setKeyIdHeaderValue(key.kid());
        jws.setHeader("typ", "logout+jwt");
        header.accept(jws);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
