package dev.scalr.gateway.crypto;

import dev.scalr.gateway.config.CryptoChoice;
import dev.scalr.gateway.support.TestApps;
import dev.scalr.gateway.app.App;
import dev.scalr.gateway.support.LogCapture;
import dev.scalr.gateway.support.Providers;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import dev.scalr.gateway.token.LegacyIssuers;
import dev.scalr.gateway.token.TokenVerifier;
import dev.scalr.gateway.token.Verification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import java.security.Security;
import java.security.Signature;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

class SignatureProviderTest {

    private static final App APP = TestApps.apiApp("unit");

    @BeforeEach
    void capture() {
        LogCapture.install();
        seen = LogCapture.INSTANCE.records().size();
    }

    private int seen;

    /** The startup lines logged by this test. */
    private List<String> providerLines() {
        List<String> all = LogCapture.INSTANCE.records();
        return all.subList(seen, all.size()).stream().filter(line -> line.contains("crypto=signature")).toList();
    }

    @AfterEach
    void release() {
        LogCapture.uninstall();
    }

    @Test
    void aNativeLibraryThatCannotLoadFallsBackToTheJdkSaysSoAndTokensStillVerify() {
        SignatureProvider provider = CryptoProviders.choose(CryptoChoice.NATIVE, () -> {
            throw new UnsatisfiedLinkError("no amazonCorrettoCryptoProvider in java.library.path");
        });

        assertFalse(provider.isNative());
        assertTrue(provider.status().startsWith("jdk (fallback"), provider.status());
        assertTrue(provider.status().contains("UnsatisfiedLinkError: no amazonCorrettoCryptoProvider"), provider.status());
        List<String> lines = providerLines();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("WARN") && lines.get(0).contains("jdk (fallback"), lines.get(0));

        for (SigningKey key : List.of(SigningKey.rsa(), SigningKey.ec())) {
            TokenVerifier verifier = new TokenVerifier(APP, Providers.keys(APP, provider, key), 16384,
                    Duration.ofSeconds(30), List.of("RS256", "ES256"), LegacyIssuers.none(), provider);
            assertInstanceOf(Verification.Verified.class, verifier.verify(Tokens.forApp("unit", null).sign(key)), key.alg());
        }
    }

    @Test
    void aProviderThatGivesWrongAnswersIsNotUsed() {
        // the JDK's RSA provider has no EC: the canary check cannot pass with it
        SignatureProvider provider = CryptoProviders.choose(CryptoChoice.NATIVE, () -> Security.getProvider("SunRsaSign"));
        assertFalse(provider.isNative());
        assertTrue(provider.status().startsWith("jdk (fallback"), provider.status());
    }

    @Test
    void theJdkSettingNeverLoadsTheNativeProvider() {
        SignatureProvider provider = CryptoProviders.choose(CryptoChoice.JDK, () -> fail("loaded"));
        assertFalse(provider.isNative());
        assertEquals("jdk (gateway.crypto-provider=jdk)", provider.status());
        assertTrue(providerLines().get(0).startsWith("INFO"));
    }

    @Test
    void theNativeProviderLoadsHereAndIsUsedOnlyWhereNamed() {
        SignatureProvider provider = Providers.NATIVE;
        assertTrue(provider.isNative(), provider.status());
        assertTrue(provider.status().startsWith("AmazonCorrettoCryptoProvider "), provider.status());
        // registered last, never first: unnamed lookups (TLS, the cookie's AES-GCM) keep the JDK's providers
        String name = "AmazonCorrettoCryptoProvider";
        assertNotEquals(name, Security.getProviders()[0].getName());
        try {
            assertNotEquals(name, Signature.getInstance("SHA256withRSA").getProvider().getName());
            assertNotEquals(name, Signature.getInstance("SHA256withECDSA").getProvider().getName());
            assertNotEquals(name, Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName());
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }
}
