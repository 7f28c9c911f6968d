package dev.scalr.gateway.token;

import dev.scalr.gateway.support.TestApps;
import dev.scalr.gateway.app.App;
import dev.scalr.gateway.keys.AppKeys;
import dev.scalr.gateway.support.Providers;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the verifier answers for hostile shapes of a token: always a value, never an exception. */
class TokenVerifierTest {

    private static final SigningKey KEY = SigningKey.rsa();
    private static final SigningKey EC_KEY = SigningKey.ec();
    private static final App APP = TestApps.apiApp("unit");
    private static final TokenVerifier VERIFIER = verifier();
    private static final String VALID = Tokens.forApp("unit", null).sign(KEY);
    private static final String[] PARTS = VALID.split("\\.");
    private static final String FORGED_SIGNATURE = Tokens.forApp("unit", null).sign(SigningKey.rsa()).split("\\.")[2];

    /** With the native provider, as production runs (the JDK's is covered by NativeVerificationTest too). */
    static TokenVerifier verifier() {
        assertTrue(Providers.NATIVE.isNative(), Providers.NATIVE.status());
        AppKeys keys = Providers.keys(APP, Providers.NATIVE, KEY, EC_KEY);
        return new TokenVerifier(APP, keys, 16384, Duration.ofSeconds(30), List.of("RS256", "ES256", "ES384", "PS256"),
                LegacyIssuers.none(), Providers.NATIVE);
    }

    private static String withHeader(String headerJson) {
        return Tokens.b64(headerJson) + "." + PARTS[1] + "." + PARTS[2];
    }

    static Stream<Arguments> headersOfTheWrongJsonType() {
        return Stream.of(
                Arguments.of("numeric kid", "{\"alg\":\"RS256\",\"kid\":1}"),
                Arguments.of("object kid", "{\"alg\":\"RS256\",\"kid\":{\"a\":1}}"),
                Arguments.of("array kid", "{\"alg\":\"RS256\",\"kid\":[\"" + KEY.kid() + "\"]}"),
                Arguments.of("boolean kid", "{\"alg\":\"RS256\",\"kid\":true}"),
                
                Arguments.of("numeric alg", "{\"alg\":256,\"kid\":\"" + KEY.kid() + "\"}"),
                Arguments.of("object alg", "{\"alg\":{\"name\":\"RS256\"},\"kid\":\"" + KEY.kid() + "\"}"),
                Arguments.of("numeric cty", "{\"alg\":\"RS256\",\"kid\":\"" + KEY.kid() + "\",\"cty\":7}"),
                Arguments.of("string crit", "{\"alg\":\"RS256\",\"kid\":\"" + KEY.kid() + "\",\"crit\":\"exp\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headersOfTheWrongJsonType")
    void headerValueOfTheWrongJsonTypeIsMalformedNotAnException(String name, String header) {
        Verification result = VERIFIER.verify(withHeader(header));
        Verification.Failed failed = assertInstanceOf(Verification.Failed.class, result);
        assertEquals(TokenFailure.MALFORMED, failed.failure(), failed.logDetail());
    }

    static Stream<Arguments> lenientBase64Variants() {
        String sig = PARTS[2];
        char last = sig.charAt(sig.length() - 1);
        // an RS256 signature is 256 bytes: its last base64url character carries 2 bits and 4 unused ones
        char sameBytes = "AQgw".indexOf(last) >= 0 ? (char) (last + 1) : 'A';
        return Stream.of(
                Arguments.of("padding appended", VALID + "="),
                Arguments.of("two padding characters", VALID + "=="),
                Arguments.of("'!' appended", VALID + "!"),
                Arguments.of("'~' appended", VALID + "~"),
                Arguments.of("'~' inside the signature", PARTS[0] + "." + PARTS[1] + "." + sig.substring(0, 10) + "~" + sig.substring(10)),
                Arguments.of("padding after the header", PARTS[0] + "=." + PARTS[1] + "." + sig),
                Arguments.of("space inside the payload", PARTS[0] + "." + PARTS[1].substring(0, 5) + " " + PARTS[1].substring(5) + "." + sig),
                Arguments.of("standard base64 '+' for '-'", PARTS[0] + "." + PARTS[1] + "." + sig.replace('-', '+').replace('_', '/')
                        + (sig.contains("-") || sig.contains("_") ? "" : "+")),
                Arguments.of("non-canonical last character (unused bits set)",
                        PARTS[0] + "." + PARTS[1] + "." + sig.substring(0, sig.length() - 1) + sameBytes),
                Arguments.of("impossible length (4n+1)", PARTS[0] + "." + PARTS[1] + "." + sig.substring(0, sig.length() - sig.length() % 4) + "A"),
                Arguments.of("unknown critical header", Tokens.b64("{\"alg\":\"RS256\",\"kid\":\"" + KEY.kid()
                        + "\",\"crit\":[\"exp\"],\"exp\":1}") + "." + PARTS[1] + "." + sig),
                Arguments.of("empty header", "." + PARTS[1] + "." + sig),
                Arguments.of("empty payload", PARTS[0] + ".." + sig));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lenientBase64Variants")
    void onlyTheCanonicalCompactFormIsAccepted(String name, String variant) {
        assertInstanceOf(Verification.Verified.class, VERIFIER.verify(VALID), "the genuine token verifies");
        Verification.Failed failed = assertInstanceOf(Verification.Failed.class, VERIFIER.verify(variant));
        assertEquals(TokenFailure.MALFORMED, failed.failure(), failed.logDetail());
    }

    static Stream<Arguments> forgedTokensRefusableWithoutTheirSignature() {
        return Stream.of(
                Arguments.of("expired", Tokens.forApp("unit", null).expiresInSeconds(-120), TokenFailure.EXPIRED),
                Arguments.of("not yet valid", Tokens.forApp("unit", null).notBeforeInSeconds(600), TokenFailure.NOT_YET_VALID),
                Arguments.of("wrong issuer", Tokens.forApp("other", null), TokenFailure.WRONG_ISSUER),
                Arguments.of("without exp", Tokens.forApp("unit", null).withoutExpiry(), TokenFailure.MISSING_CLAIM),
                Arguments.of("good claims", Tokens.forApp("unit", null), TokenFailure.BAD_SIGNATURE));
    }

    /** The claims are read before the signature is checked: a forged token with bad claims costs no RSA check. */
    @ParameterizedTest(name = "{0} with a forged signature -> {2}")
    @MethodSource("forgedTokensRefusableWithoutTheirSignature")
    void claimsAreRefusedBeforeTheSignatureIsChecked(String name, Tokens claims, TokenFailure expected) {
        String[] genuine = claims.sign(KEY).split("\\.");
        String forged = genuine[0] + "." + genuine[1] + "." + FORGED_SIGNATURE;
        long before = VERIFIER.signatureChecks();
        Verification.Failed failed = assertInstanceOf(Verification.Failed.class, VERIFIER.verify(forged));
        assertEquals(expected, failed.failure(), failed.logDetail());
        assertEquals(expected == TokenFailure.BAD_SIGNATURE ? 1 : 0, VERIFIER.signatureChecks() - before);
    }

    static Stream<Arguments> algorithmsTheNamedKeyCannotVerify() {
        Tokens claims = Tokens.forApp("unit", null);
        return Stream.of(
                Arguments.of("RS256 naming the EC key", claims.signWith(KEY.jwk().getPrivateKey(), "RS256", EC_KEY.kid())),
                Arguments.of("PS256 naming the EC key", claims.signWith(KEY.jwk().getPrivateKey(), "PS256", EC_KEY.kid())),
                Arguments.of("ES256 naming the RSA key", claims.signWith(EC_KEY.jwk().getPrivateKey(), "ES256", KEY.kid())),
                Arguments.of("ES384 naming the P-256 key", claims.signWith(EC_KEY.jwk().getPrivateKey(), "ES384", EC_KEY.kid())));
    }

    /** An alg the named key cannot verify is refused before the claims, without paying for a signature check. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("algorithmsTheNamedKeyCannotVerify")
    void anAlgorithmThatDoesNotFitTheKeyIsRefusedWithoutASignatureCheck(String name, String token) {
        long before = VERIFIER.signatureChecks();
        Verification.Failed failed = assertInstanceOf(Verification.Failed.class, VERIFIER.verify(token));
        assertEquals(TokenFailure.ALGORITHM, failed.failure(), failed.logDetail());
        assertEquals(0, VERIFIER.signatureChecks() - before, "no signature check");
    }

    /** A JWT inside a JWS (cty JWT, RFC 7519 §5.2) is not accepted, however it is signed. */
    @ParameterizedTest(name = "cty {0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"JWT", "jwt", "application/jwt"})
    void aNestedJwtIsMalformed(String contentType) throws Exception {
        org.jose4j.jws.JsonWebSignature jws = new org.jose4j.jws.JsonWebSignature();
        jws.setPayload(Tokens.forApp("unit", null).sign(KEY));
        jws.setContentTypeHeaderValue(contentType);
        jws.setAlgorithmHeaderValue("RS256");
        jws.setKeyIdHeaderValue(KEY.kid());
        jws.setKey(KEY.jwk().getPrivateKey());
        Verification.Failed failed = assertInstanceOf(Verification.Failed.class, VERIFIER.verify(jws.getCompactSerialization()));
        assertEquals(TokenFailure.MALFORMED, failed.failure(), failed.logDetail());
    }
}
