package dev.scalr.gateway.crypto;

import dev.scalr.gateway.config.CryptoChoice;
import java.security.Provider;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * The native provider's load (its class maps AWS-LC: ~0.5 s here) and canary check, started from main() on a
 * thread of its own before Quarkus boots, so it runs beside the boot on the second core instead of after it on
 * the startup thread; the {@link SignatureProvider} bean then waits only for what is left of it. Registers
 * nothing: the bean still decides, from gateway.crypto-provider, whether the result is used.
 */
public final class EarlyNativeLoad {

    static final String ENV = "GATEWAY_CRYPTO_PROVIDER";
    static final String PROPERTY = "gateway.crypto-provider";

    private static volatile EarlyNativeLoad started;

    private final CompletableFuture<Provider> result = new CompletableFuture<>();
    private volatile long loadMillis;

    private EarlyNativeLoad() {
    }

    /**
     * Starts the load unless the setting says jdk or there is one core (where it would only compete with the
     * boot). The configuration does not exist yet: only the setting's two forms that outrank every file are
     * read, the system property over the env var. A jdk set only in a file leaves the load running in the
     * background, unused.
     */
    public static void startIfWanted(Map<String, String> env, Properties properties, int cores) {
        if (wanted(env.get(ENV), properties.getProperty(PROPERTY), cores)) {
            started = start(NativeProviders::correttoCrypto);
        }
    }

    static boolean wanted(String envValue, String propertyValue, int cores) {
        String value = propertyValue != null ? propertyValue : envValue;
        return cores >= 2 && (value == null || !value.strip().equalsIgnoreCase(CryptoChoice.JDK.name()));
    }

    /** The load main() started, if it did (not in tests, not with jdk or one core). */
    static Optional<EarlyNativeLoad> started() {
        return Optional.ofNullable(started);
    }

    /** Loads and canary-checks on a new daemon thread; {@link #await()} gives the outcome. */
    static EarlyNativeLoad start(Supplier<Provider> loader) {
        EarlyNativeLoad load = new EarlyNativeLoad();
        Thread thread = new Thread(() -> load.run(loader), "native-crypto-load");
        thread.setDaemon(true);
        thread.start();
        return load;
    }

    private void run(Supplier<Provider> loader) {
        long start = System.nanoTime();
        try {
            Provider checked = SignatureProvider.checked(loader.get());
            loadMillis = (System.nanoTime() - start) / 1_000_000;
            result.complete(checked);
        } catch (Throwable e) { // Errors too (UnsatisfiedLinkError): the bean falls back to the JDK's with the cause
            loadMillis = (System.nanoTime() - start) / 1_000_000;
            result.completeExceptionally(e);
        }
    }

    /** The checked provider once loaded; what loading or the check threw otherwise. */
    Provider await() throws Exception {
        try {
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    /** How long the load and check took on their own thread (valid once {@link #await()} returned or threw). */
    long loadMillis() {
        return loadMillis;
    }
}
