package dev.scalr.gateway.token;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.scalr.gateway.app.App;
import dev.scalr.gateway.keys.AppKeys;
import dev.scalr.gateway.support.Providers;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import org.jose4j.base64url.Base64Url;

import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Whatever arrives as a bearer token, {@link TokenVerifier#verify} answers with a value (no exception escapes),
 * and it only says Verified when the token is the one canonical spelling of a header and payload that really
 * carry the app's RS256 signature. Stored inputs (TokenVerifierFuzzTestInputs/): JOSE headers of the wrong JSON
 * type (issue 13 #1) and lenient base64url spellings of a genuine token (#4).
 * Without JAZZER_FUZZ this replays the stored inputs only (fast); .ci/run fuzzes it for maxDuration.
 */
class TokenVerifierFuzzTest {

    private static final SigningKey KEY = SigningKey.rsa();
    private static final App APP = new App("fuzz", Tokens.PUBLIC_AUTHENTIK + "/application/o/fuzz/",
            "http://jwks.invalid/", Optional.of("fuzz-client"), Set.of(), List.of(), Set.of(), false, Optional.empty());
    private static final TokenVerifier VERIFIER = verifier();
    private static final String VALID = Tokens.forApp("fuzz", "fuzz-client").sign(KEY);
    private static final String[] PARTS = VALID.split("\\.");

    /** With the native provider, as production runs; the oracle below checks with the JDK. */
    private static TokenVerifier verifier() {
        assertTrue(Providers.NATIVE.isNative(), Providers.NATIVE.status());
        AppKeys keys = Providers.keys(APP, Providers.NATIVE, KEY);
        return new TokenVerifier(APP, keys, 16384, Duration.ofSeconds(30), List.of("RS256", "ES256"),
                LegacyIssuers.none(), Providers.NATIVE);
    }

    @FuzzTest(maxDuration = "20s")
    void onlyGenuinelySignedTokensVerify(FuzzedDataProvider data) {
        String token = switch (data.consumeInt(0, 4)) {
            // splice fuzzed text into one part of a genuine token
            case 0 -> splice(data.consumeInt(0, 2), data.consumeString(400));
            // fuzzed header and payload JSON with the genuine signature
            case 1 -> Tokens.b64(data.consumeString(200)) + "." + Tokens.b64(data.consumeString(400)) + "." + PARTS[2];
            // alg confusion and none: a genuine payload under a fuzzed header, fuzzed signature bytes
            case 2 -> Tokens.b64(data.consumeString(200)) + "." + PARTS[1] + "."
                    + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(data.consumeBytes(300));
            // other spellings of the genuine token: a template over its parts, e.g. "$header.$payload.$signature="
            case 4 -> data.consumeRemainingAsString().replace("$header", PARTS[0]).replace("$payload", PARTS[1])
                    .replace("$signature", PARTS[2]);
            default -> data.consumeRemainingAsString();
        };
        Verification result;
        try {
            result = VERIFIER.verify(token);
        } catch (RuntimeException e) {
            fail("verify threw " + e + " for " + token);
            return;
        }
        if (result instanceof Verification.Verified) {
            assertTrue(signedByKey(token), "Verified a token not signed by the app's key: " + token);
        }
    }

    private static String splice(int part, String text) {
        String[] parts = PARTS.clone();
        parts[part] = text;
        return String.join(".", parts);
    }

    /**
     * An independent check with the JDK: the token is three canonical unpadded base64url parts (the JDK's strict
     * decoder, re-encoded to the very same text: one token, one spelling) and its exact signing input carries
     * KEY's RS256 signature.
     */
    private static boolean signedByKey(String token) {
        String[] parts = token.split("\\.", -1);
        try {
            for (String part : parts) {
                if (parts.length != 3 || !java.util.Base64.getUrlEncoder().withoutPadding()
                        .encodeToString(java.util.Base64.getUrlDecoder().decode(part)).equals(part)) {
                    return false;
                }
            }
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(KEY.jwk().getPublicKey());
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            String header = new String(Base64Url.decode(parts[0]), StandardCharsets.UTF_8);
            return header.contains("RS256") && rsa.verify(Base64Url.decode(parts[2]));
        } catch (Exception e) {
            return false;
        }
    }
}
