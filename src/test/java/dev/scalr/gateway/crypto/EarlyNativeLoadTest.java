package dev.scalr.gateway.crypto;

import dev.scalr.gateway.config.CryptoChoice;
import dev.scalr.gateway.support.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.security.Security;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The native provider's load started from main(), beside the boot, and how the startup bean uses it. */
class EarlyNativeLoadTest {

    private int seen;

    @BeforeEach
    void capture() {
        LogCapture.install();
        seen = LogCapture.INSTANCE.records().size();
    }

    @AfterEach
    void release() {
        LogCapture.uninstall();
    }

    private List<String> providerLines() {
        List<String> all = LogCapture.INSTANCE.records();
        return all.subList(seen, all.size()).stream().filter(line -> line.contains("crypto=signature")).toList();
    }

    @ParameterizedTest(name = "env={0} property={1} cores={2}: started={3}")
    @CsvSource(nullValues = "-", value = {
            "-,      -,      2, true",   // the default is native
            "native, -,      2, true",
            "jdk,    -,      2, false",  // GATEWAY_CRYPTO_PROVIDER=jdk never loads the library
            "' JDK ', -,     2, false",  // the enum's spelling is case-insensitive, as the config's converter is
            "-,      jdk,    2, false",  // -Dgateway.crypto-provider=jdk
            "jdk,    native, 2, true",   // the system property outranks the env var, as in the configuration
            "native, jdk,    2, false",
            "-,      -,      1, false",  // one core: it would only compete with the boot
    })
    void theEarlyLoadStartsOnlyWhenTheSettingCanBeNativeAndThereIsASecondCore(String env, String property, int cores,
            boolean started) {
        assertEquals(started, EarlyNativeLoad.wanted(env, property, cores));
    }

    @Test
    void theLoadRunsOnItsOwnThreadAndTheStartupBeanWaitsForItThenUsesTheNativeProvider() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicReference<Thread> loadedOn = new AtomicReference<>();
        EarlyNativeLoad early = EarlyNativeLoad.start(() -> {
            loadedOn.set(Thread.currentThread());
            entered.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return NativeProviders.correttoCrypto();
        });
        assertTrue(entered.await(10, TimeUnit.SECONDS));
        assertNotEquals(Thread.currentThread(), loadedOn.get());
        assertEquals("native-crypto-load", loadedOn.get().getName());

        ExecutorService startup = Executors.newSingleThreadExecutor();
        try {
            Future<SignatureProvider> chosen = startup.submit(() -> CryptoProviders.choose(CryptoChoice.NATIVE, early));
            assertThrows(TimeoutException.class, () -> chosen.get(300, TimeUnit.MILLISECONDS), "the bean must wait for the load");
            finish.countDown();
            SignatureProvider provider = chosen.get(30, TimeUnit.SECONDS);
            assertTrue(provider.isNative(), provider.status());
            assertTrue(provider.status().startsWith("AmazonCorrettoCryptoProvider "), provider.status());
            assertTrue(Security.getProvider("AmazonCorrettoCryptoProvider") != null, "registered (at the lowest priority) once chosen");
            List<String> lines = providerLines();
            assertEquals(1, lines.size(), lines.toString());
            assertTrue(lines.get(0).startsWith("INFO") && lines.get(0).matches(".*took_ms=\\d+ waited_ms=\\d+.*"), lines.get(0));
        } finally {
            startup.shutdownNow();
        }
    }

    @Test
    void aLibraryThatFailedToLoadInTheBackgroundFallsBackToTheJdkWithItsCause() {
        EarlyNativeLoad early = EarlyNativeLoad.start(() -> {
            throw new UnsatisfiedLinkError("no amazonCorrettoCryptoProvider in java.library.path");
        });
        SignatureProvider provider = CryptoProviders.choose(CryptoChoice.NATIVE, early);

        assertFalse(provider.isNative());
        assertTrue(provider.status().startsWith("jdk (fallback: the native provider is unavailable: "
                + "UnsatisfiedLinkError: no amazonCorrettoCryptoProvider"), provider.status());
        List<String> lines = providerLines();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).startsWith("WARN") && lines.get(0).contains("jdk (fallback"), lines.get(0));
    }

    @Test
    void aProviderThatFailedTheCanaryInTheBackgroundIsNotUsed() {
        // the JDK's RSA provider has no EC: the canary check cannot pass with it
        EarlyNativeLoad early = EarlyNativeLoad.start(() -> Security.getProvider("SunRsaSign"));
        SignatureProvider provider = CryptoProviders.choose(CryptoChoice.NATIVE, early);
        assertFalse(provider.isNative());
        assertTrue(provider.status().startsWith("jdk (fallback"), provider.status());
    }

    @Test
    void theJdkSettingInAFileStillGetsTheJdkProviderWhateverTheEarlyLoadFound() {
        EarlyNativeLoad early = EarlyNativeLoad.start(NativeProviders::correttoCrypto);
        SignatureProvider provider = CryptoProviders.choose(CryptoChoice.JDK, early);
        assertFalse(provider.isNative());
        assertEquals("jdk (gateway.crypto-provider=jdk)", provider.status());
        assertTrue(providerLines().get(0).startsWith("INFO"), providerLines().toString());
    }
}
