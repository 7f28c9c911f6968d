package dev.scalr.gateway.token;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.keys.AppKeys;
import dev.scalr.gateway.keys.KeySet;
import dev.scalr.gateway.token.Verification.Failed;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwx.HeaderParameterNames;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The hardened reading of one app's JWS, before any claim or signature is checked: the JDK's base64url, strict JSON
 * ({@link JsonObjects}), no nested JWT, the algorithm allow-list, a kid that is a string, no crit, a key the app
 * publishes and that fits the algorithm. Every token of the app goes through it ({@link TokenVerifier}).
 */
final class JwsReader {

    private static final Base64.Decoder URL_DECODER = Base64.getUrlDecoder();
    /** Content types of a nested JWT (RFC 7519 §5.2): not accepted. */
    private static final Set<String> NESTED = Set.of("jwt", "application/jwt");

    private final App app;
    private final AppKeys keys;
    private final Set<String> algorithms;

    JwsReader(App app, AppKeys keys, Set<String> algorithms) {
        this.app = app;
        this.keys = keys;
        this.algorithms = algorithms;
    }

    /** A token read and checked up to its signature: what the signature check and the claims rules need. */
    record Read(Map<String, Object> header, JwtClaims claims, String alg, String kid, KeySet.VerificationKey key,
            byte[] signingInput, byte[] signature) {
    }

    /**
     * The hardened reading, for a token {@link CompactJws} has accepted: a {@link Read}, or the {@link Failed} that
     * refuses it before any claim or signature is checked.
     */
    Object read(String token) {
        // CompactJws has checked three canonical base64url parts: the JDK decodes them (jose4j's own decoder costs a
        // fifth of a first-seen token's CPU) and Jackson reads the JSON (JsonObjects); jose4j validates the claims
        // and checks the signature.
        int firstDot = token.indexOf('.');
        int lastDot = token.lastIndexOf('.');
        // one copy of the token's bytes (base64url and dots: ISO-8859-1 is exact) for the three parts and the
        // signing input, instead of a substring and its bytes for each
        byte[] ascii = token.getBytes(StandardCharsets.ISO_8859_1);
        Map<String, Object> header;
        JwtClaims claims;
        byte[] signature;
        try {
            header = JsonObjects.parse(decoded(ascii, 0, firstDot));
            claims = new JwtClaims();
            JsonObjects.parse(decoded(ascii, firstDot + 1, lastDot), claims::setClaim);
            signature = decoded(ascii, lastDot + 1, ascii.length);
        } catch (IllegalArgumentException e) {
            return Failed.of(TokenFailure.MALFORMED, "not base64url JSON objects");
        }
        Object contentType = header.get(HeaderParameterNames.CONTENT_TYPE);
        if (contentType != null && (!(contentType instanceof String type) || NESTED.contains(type.toLowerCase(Locale.ROOT)))) {
            return Failed.of(TokenFailure.MALFORMED, "nested or not a JWS");
        }
        Object alg = header.get(HeaderParameterNames.ALGORITHM);
        if (!(alg instanceof String) || !algorithms.contains(alg)) {
            return Failed.of(alg == null || alg instanceof String ? TokenFailure.ALGORITHM : TokenFailure.MALFORMED,
                    "alg " + TokenVerifier.printable(alg) + " not in " + algorithms);
        }
        Object kidValue = header.get(HeaderParameterNames.KEY_ID);
        if (kidValue != null && !(kidValue instanceof String)) {
            return Failed.of(TokenFailure.MALFORMED, "kid is not a string");
        }
        if (header.get(HeaderParameterNames.CRITICAL) != null) {
            return Failed.of(TokenFailure.MALFORMED, "critical header parameters (crit) are not supported");
        }
        String kid = (String) kidValue;
        KeySet current = keys.current();
        if (current.isEmpty()) {
            return new Failed(TokenFailure.NO_KEYS, "no keys cached for " + app.jwksUrl(), Optional.ofNullable(kid));
        }
        KeySet.VerificationKey key = current.find(kid);
        if (key == null) {
            return new Failed(TokenFailure.UNKNOWN_KEY, "kid " + TokenVerifier.printable(kid) + " not in JWKS " + app.jwksUrl(),
                    Optional.ofNullable(kid));
        }
        if (!KeyTypes.fits((String) alg, key.key())) {
            // no signature could ever verify: refused before the claims and without paying for the check
            return Failed.of(TokenFailure.ALGORITHM, "alg " + alg + " does not fit the " + KeyTypes.describe(key.key())
                    + " key kid " + TokenVerifier.printable(kid));
        }
        return new Read(header, claims, (String) alg, kid, key, Arrays.copyOf(ascii, lastDot), signature);
    }

    private static byte[] decoded(byte[] ascii, int from, int to) {
        ByteBuffer out = URL_DECODER.decode(ByteBuffer.wrap(ascii, from, to - from));
        byte[] array = out.array();
        // the JDK sizes the array exactly for unpadded input; copied only if that ever changes
        return out.arrayOffset() == 0 && out.position() == 0 && out.remaining() == array.length ? array
                : Arrays.copyOfRange(array, out.arrayOffset() + out.position(), out.arrayOffset() + out.limit());
    }
}
