package dev.scalr.gateway.token;

import dev.scalr.gateway.support.TestApps;
import dev.scalr.gateway.app.App;
import dev.scalr.gateway.crypto.SignatureProvider;
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

/** Both providers give the same answers for each algorithm Authentik signs with: genuine verifies, forged does not. */
class NativeVerificationTest {

    private static final App APP = TestApps.apiApp("unit");
    private static final SigningKey RSA = SigningKey.rsa();
    private static final SigningKey EC = SigningKey.ec();

    static Stream<Arguments> providersAndKeys() {
        return Stream.of(
                Arguments.of("native", Providers.NATIVE, RSA, SigningKey.rsa()),
                Arguments.of("native", Providers.NATIVE, EC, SigningKey.ec()),
                Arguments.of("jdk", Providers.JDK, RSA, SigningKey.rsa()),
                Arguments.of("jdk", Providers.JDK, EC, SigningKey.ec()));
    }

    @ParameterizedTest(name = "{0} {2}")
    @MethodSource("providersAndKeys")
    void genuineTokensVerifyAndForgedOrAlteredOnesDoNot(String name, SignatureProvider provider, SigningKey key,
            SigningKey stranger) {
        assertEquals("native".equals(name), provider.isNative(), provider.status());
        TokenVerifier verifier = new TokenVerifier(APP, Providers.keys(APP, provider, RSA, EC), 16384,
                Duration.ofSeconds(30), List.of("RS256", "ES256"), LegacyIssuers.none(), provider);
        String genuine = Tokens.forApp("unit", null).username("alice").sign(key);
        Verification.Verified verified = assertInstanceOf(Verification.Verified.class, verifier.verify(genuine));
        assertEquals("alice", verified.identity().username());

        String[] parts = genuine.split("\\.");
        String foreign = Tokens.forApp("unit", null).username("alice").sign(stranger).split("\\.")[2];
        String other = Tokens.forApp("unit", null).username("mallory").kid(key.kid()).sign(key).split("\\.")[1];
        for (String forged : List.of(parts[0] + "." + parts[1] + "." + foreign, parts[0] + "." + other + "." + parts[2])) {
            Verification.Failed failed = assertInstanceOf(Verification.Failed.class, verifier.verify(forged));
            assertEquals(TokenFailure.BAD_SIGNATURE, failed.failure(), failed.logDetail());
        }
        assertTrue(verifier.signatureChecks() >= 3);
    }
}
