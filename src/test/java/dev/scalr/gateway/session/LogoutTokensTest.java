package dev.scalr.gateway.session;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import dev.scalr.gateway.keys.AppKeys;
import dev.scalr.gateway.support.Providers;
import dev.scalr.gateway.token.TokenVerifier;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Logout tokens get the hardening every other token of the app gets: strict syntax, strict JSON, no crit. */
class LogoutTokensTest {

    private static final SigningKey KEY = SigningKey.rsa();
    private static final App APP = new App("grafana", Tokens.PUBLIC_AUTHENTIK + "/application/o/grafana/",
            "http://authentik.internal/application/o/grafana/jwks/", Optional.of("grafana-client"), Set.of(), List.of(),
            Set.of(), true, Optional.empty());
    private static final AppKeys KEYS = Providers.keys(APP, Providers.JDK, KEY);
    private static final LogoutTokens LOGOUT_TOKENS = new LogoutTokens(
            new TokenVerifier(APP, KEYS, 8192, Duration.ofSeconds(30), List.of("RS256")), List.of("RS256"),
            Duration.ofSeconds(30), Clock.systemUTC());

    private static JwtClaims logoutClaims() {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(APP.issuer());
        claims.setAudience("grafana-client");
        claims.setIssuedAtToNow();
        claims.setGeneratedJwtId();
        claims.setSubject("sub-1");
        claims.setClaim("events", Map.of(LogoutTokens.EVENT, Map.of()));
        return claims;
    }

    private static String signed(String payload, Map<String, Object> extraHeaders) throws Exception {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(payload);
        jws.setKey(KEY.jwk().getPrivateKey());
        jws.setAlgorithmHeaderValue("RS256");
        jws.setKeyIdHeaderValue(KEY.kid());
        extraHeaders.forEach(jws.getHeaders()::setObjectHeaderValue);
        return jws.getCompactSerialization();
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    @Test
    void aWellFormedLogoutTokenIsAccepted() throws Exception {
        assertEquals("sub-1", LOGOUT_TOKENS.verify(signed(logoutClaims().toJson(), Map.of())).sub());
    }

    @Test
    void aLogoutTokenWithACritHeaderIsRefused() throws Exception {
        String token = signed(logoutClaims().toJson(), Map.of("crit", List.of("b64"), "b64", true));
        assertThrows(LogoutTokens.Invalid.class, () -> LOGOUT_TOKENS.verify(token));
    }

    @Test
    void aLogoutTokenWhoseClaimsAreNotValidUtf8IsRefused() throws Exception {
        String json = logoutClaims().toJson().replace("\"sub-1\"", "\"sub-1\u0000X\"");
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        int at = json.indexOf("X");
        bytes[at] = (byte) 0xff; // invalid UTF-8, which a lenient reader replaces and accepts
        String header = b64(("{\"alg\":\"RS256\",\"kid\":\"" + KEY.kid() + "\"}").getBytes(StandardCharsets.UTF_8));
        String signingInput = header + "." + b64(bytes);
        java.security.Signature rsa = java.security.Signature.getInstance("SHA256withRSA");
        rsa.initSign((java.security.PrivateKey) KEY.jwk().getPrivateKey());
        rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
        String token = signingInput + "." + b64(rsa.sign());
        assertThrows(LogoutTokens.Invalid.class, () -> LOGOUT_TOKENS.verify(token));
    }

    @Test
    void aLogoutTokenWithNonCanonicalBase64IsRefused() throws Exception {
        String token = signed(logoutClaims().toJson(), Map.of());
        String[] parts = token.split("\\.");
        String signature = parts[2];
        // the last character's unused low bits set: the same bytes, another spelling of the token
        char last = signature.charAt(signature.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int unused = (signature.length() % 4 == 2) ? 0b1111 : (signature.length() % 4 == 3) ? 0b11 : 0;
        org.junit.jupiter.api.Assumptions.assumeTrue(unused != 0);
        char other = alphabet.charAt(alphabet.indexOf(last) | unused);
        org.junit.jupiter.api.Assumptions.assumeTrue(other != last);
        String respelled = parts[0] + "." + parts[1] + "." + signature.substring(0, signature.length() - 1) + other;
        assertThrows(LogoutTokens.Invalid.class, () -> LOGOUT_TOKENS.verify(respelled));
    }
}
