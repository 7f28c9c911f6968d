package dev.scalr.gateway.crypto;

import dev.scalr.gateway.config.GatewayConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.function.Supplier;

/** Chooses the signature provider once, at startup, and says which in one line. */
public class CryptoProviders {

    private static final Logger LOG = Logger.getLogger(CryptoProviders.class);

    @Produces
    @Singleton
    SignatureProvider signatureProvider(GatewayConfig config) {
        return choose(config.cryptoProvider());
    }

    /** The setting's choice with the real native provider (also what benchmarks use). */
    public static SignatureProvider choose(SignatureProvider.Choice choice) {
        return choose(choice, NativeProviders::correttoCrypto);
    }

    /** The choice, logged: INFO when it is what was asked for, WARN when the native provider had to be given up. */
    public static SignatureProvider choose(SignatureProvider.Choice choice, Supplier<java.security.Provider> nativeProvider) {
        long start = System.nanoTime();
        SignatureProvider chosen = SignatureProvider.load(choice, nativeProvider);
        long millis = (System.nanoTime() - start) / 1_000_000;
        if (choice == SignatureProvider.Choice.NATIVE && !chosen.isNative()) {
            LOG.warnf("crypto=signature provider=\"%s\" took_ms=%d", chosen.status(), millis);
        } else {
            LOG.infof("crypto=signature provider=\"%s\" took_ms=%d", chosen.status(), millis);
        }
        return chosen;
    }
}
