package dev.scalr.gateway.crypto;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;

import java.security.Provider;

/**
 * Loads the Amazon Corretto Crypto Provider. Its class loads the native library (bundled in the jar for the
 * build's architecture, or from java.library.path with -Dcom.amazon.corretto.crypto.provider.useExternalLib=true,
 * as the image does); a platform without it leaves a loading error instead of throwing.
 */
final class NativeProviders {

    private NativeProviders() {
    }

    static Provider correttoCrypto() {
        AmazonCorrettoCryptoProvider provider = AmazonCorrettoCryptoProvider.INSTANCE;
        Throwable error = provider.getLoadingError();
        if (error != null) {
            throw new IllegalStateException("native library did not load", error);
        }
        return provider;
    }
}
