package dev.scalr.gateway.crypto;

import dev.scalr.gateway.config.CryptoChoice;
import dev.scalr.gateway.config.GatewayConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.function.Supplier;

/**
 * Chooses the signature provider once, at startup, and says which in one line: took_ms is what loading the
 * native provider took, waited_ms how long the startup thread waited for it (less when main() started the load
 * early, {@link EarlyNativeLoad}).
 */
public class CryptoProviders {

    private static final Logger LOG = Logger.getLogger(CryptoProviders.class);

    @Produces
    @Singleton
    SignatureProvider signatureProvider(GatewayConfig config) {
        return EarlyNativeLoad.started()
                .map(early -> choose(config.cryptoProvider(), early))
                .orElseGet(() -> choose(config.cryptoProvider()));
    }

    /** The setting's choice with the real native provider, loaded here (also what benchmarks use). */
    public static SignatureProvider choose(CryptoChoice choice) {
        return choose(choice, NativeProviders::correttoCrypto);
    }

    /** The choice, loading the native provider on this thread. */
    public static SignatureProvider choose(CryptoChoice choice, Supplier<java.security.Provider> nativeProvider) {
        long start = System.nanoTime();
        SignatureProvider chosen = SignatureProvider.load(choice, nativeProvider);
        long millis = (System.nanoTime() - start) / 1_000_000;
        return logged(choice, chosen, millis, millis);
    }

    /** The choice, with the native provider from a load started earlier: waits for it to finish. */
    static SignatureProvider choose(CryptoChoice choice, EarlyNativeLoad early) {
        if (choice == CryptoChoice.JDK) {
            return logged(choice, SignatureProvider.load(choice, () -> null), 0, 0);
        }
        long start = System.nanoTime();
        SignatureProvider chosen = SignatureProvider.ofChecked(early::await);
        return logged(choice, chosen, early.loadMillis(), (System.nanoTime() - start) / 1_000_000);
    }

    /** INFO when it is what was asked for, WARN when the native provider had to be given up. */
    private static SignatureProvider logged(CryptoChoice choice, SignatureProvider chosen, long tookMillis,
            long waitedMillis) {
        if (choice == CryptoChoice.NATIVE && !chosen.isNative()) {
            LOG.warnf("crypto=signature provider=\"%s\" took_ms=%d waited_ms=%d", chosen.status(), tookMillis, waitedMillis);
        } else {
            LOG.infof("crypto=signature provider=\"%s\" took_ms=%d waited_ms=%d", chosen.status(), tookMillis, waitedMillis);
        }
        return chosen;
    }
}
