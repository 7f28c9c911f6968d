package dev.scalr.gateway.token;

import dev.scalr.gateway.support.TestApps;
import dev.scalr.gateway.support.Providers;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import org.jose4j.json.JsonUtil;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.lang.JoseException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Jackson reads headers and claims into exactly what jose4j's reader gave, and refuses what it refused. */
class JsonObjectsTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "{\"sub\":\"a\",\"exp\":1700000000,\"iat\":1.5,\"big\":123456789012345678901234567890}",
            "{\"e\":1e3,\"neg\":-0,\"t\":true,\"f\":false,\"n\":null}",
            "{\"groups\":[\"a\",1,null,[true],{\"x\":\"y\"}],\"nested\":{\"a\":{\"b\":[]}}}",
            "{\"esc\":\"\\u00e9\\\"\\\\\\/\\n\",\"utf8\":\"\u00e9\u4e2d\"}",
            " { \"spaced\" : [ 1 , 2 ] } ",
    })
    void readsTheSameValuesAsJose4j(String json) throws JoseException {
        assertEquals(JsonUtil.parseJson(json), JsonObjects.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"a\":1,\"a\":2}",            // a repeated member name: which one would count is ambiguous
            "{\"a\":{\"b\":1,\"b\":1}}",
            "[1]", "\"text\"", "1", "null", "",
            "{\"a\":1} {}", "{\"a\":1} x",  // content after the object
            "{\"a\":NaN}", "{\"a\":'x'}", "{a:1}",
            "{\"a\":", "{\"a\":[1", "{\"a\":\"open",
    })
    void refusesWhatJose4jRefuses(String json) {
        assertThrows(JoseException.class, () -> JsonUtil.parseJson(json));
        assertThrows(IllegalArgumentException.class, () -> JsonObjects.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** Stricter than jose4j where jose4j read what RFC 8259 does not allow. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1,}", "{\"a\":[1,]}", "{\"a\":01}"})
    void refusesTrailingCommasAndLeadingZerosThatJose4jTolerated(String json) {
        assertThrows(IllegalArgumentException.class, () -> JsonObjects.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    /** The name case was found by JsonObjectsFuzzTest: Jackson checks UTF-8 in values, not in member names. */
    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":\"#\"}", "{\"#\":1}", "{\"a#\":1,\"b\":2}", "{\"a\":[\"x#\"]}"})
    void refusesInvalidUtf8WhereJose4jWouldHaveReadAReplacementCharacter(String template) {
        for (byte[] invalid : new byte[][] {{(byte) 0xC3}, {(byte) 0xFF, (byte) 0xFF}, {(byte) 0xC1, (byte) 0xA1}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}}) {
            String[] around = template.split("#");
            byte[] json = concat(around[0].getBytes(StandardCharsets.UTF_8), invalid, around[1].getBytes(StandardCharsets.UTF_8));
            assertThrows(IllegalArgumentException.class, () -> JsonObjects.parse(json), template);
        }
    }

    /**
     * Found by JsonObjectsFuzzTest in CI: given bytes, Jackson guesses UTF-16/UTF-32 from NUL bytes in the first
     * four, so {@code {\0}\0} read as an empty object. RFC 7515 says UTF-8; jose4j refuses these.
     */
    @ParameterizedTest
    @ValueSource(strings = {"{\u0000}\u0000", "\u0000{\u0000}", "{\u0000\u0000\u0000}\u0000\u0000\u0000",
            "{\u0000\"\u0000a\u0000\"\u0000:\u00001\u0000}\u0000"})
    void refusesUtf16AndUtf32ThatJacksonWouldHaveDetected(String json) {
        assertThrows(IllegalArgumentException.class, () -> JsonObjects.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsValidUtf8BeyondAsciiInNamesAndValues() {
        String json = "{\"gr\u00fc\u00dfe\":\"\u4e2d\u6587\",\"emoji\":\"\ud83d\ude00\"}";
        assertEquals(Map.of("gr\u00fc\u00dfe", "\u4e2d\u6587", "emoji", "\ud83d\ude00"),
                JsonObjects.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    @Test
    void refusesNestingDeeperThanAnyTokenNeedsWithoutRecursingIntoIt() {
        String deep = "{\"a\":" + "[".repeat(10_000) + "]".repeat(10_000) + "}";
        assertThrows(IllegalArgumentException.class, () -> JsonObjects.parse(deep.getBytes(StandardCharsets.UTF_8)));
    }

    /** The signature covers the bytes, so a repeated claim is not a forgery, but which copy counts is ambiguous. */
    @ParameterizedTest
    @ValueSource(strings = {"iss", "sub", "exp"})
    void aValidlySignedTokenRepeatingAClaimIsMalformed(String claim) throws JoseException {
        SigningKey key = SigningKey.rsa();
        TokenVerifier verifier = new TokenVerifier(TestApps.apiApp("unit"),
                Providers.keys(TestApps.apiApp("unit"), Providers.NATIVE, key),
                16384, Duration.ofSeconds(30), List.of("RS256"), LegacyIssuers.none(),
                Providers.NATIVE);
        String claims = Tokens.forApp("unit", null).claimsJson();
        Map<String, Object> values = JsonUtil.parseJson(claims);
        Object repeated = "exp".equals(claim) ? Instant.now().plusSeconds(600).getEpochSecond() : "\"other\"";
        String twice = claims.substring(0, claims.length() - 1) + ",\"" + claim + "\":" + repeated + "}";
        assertEquals(Verification.Verified.class, verifier.verify(sign(claims, key)).getClass(), "the same claims once");

        Verification.Failed failed = assertInstanceOf(Verification.Failed.class, verifier.verify(sign(twice, key)));
        assertEquals(TokenFailure.MALFORMED, failed.failure(), failed.logDetail() + " " + values.keySet());
    }

    private static String sign(String payload, SigningKey key) throws JoseException {
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(payload);
        jws.setAlgorithmHeaderValue("RS256");
        jws.setKeyIdHeaderValue(key.kid());
        jws.setKey(key.jwk().getPrivateKey());
        return jws.getCompactSerialization();
    }
}
