package dev.scalr.gateway.support;

import dev.scalr.gateway.config.CryptoChoice;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.app.App;
import dev.scalr.gateway.crypto.CryptoProviders;
import dev.scalr.gateway.crypto.SignatureProvider;
import dev.scalr.gateway.keys.AppKeys;
import dev.scalr.gateway.keys.KeyFetchListener;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** The signature providers the verifier tests run with: the native one as production loads it, and the JDK's. */
public final class Providers {

    /** Loaded once per test JVM, as at startup; a test using it first asserts it really is native. */
    public static final SignatureProvider NATIVE = CryptoProviders.choose(CryptoChoice.NATIVE);
    public static final SignatureProvider JDK = SignatureProvider.jdk("jdk");

    private Providers() {
    }

    /** The app's key cache holding these keys, converted for the provider as {@code KeyCaches} does. */
    public static AppKeys keys(App app, SignatureProvider provider, SigningKey... keys) {
        AppKeys appKeys = new AppKeys(app, url -> CompletableFuture.completedFuture(SigningKey.jwks(keys)),
                Clock.systemUTC(), Duration.ofSeconds(30), KeyFetchListener.NONE, provider::prepare);
        appKeys.refresh(); // completes at once: the fetch function answers synchronously
        return appKeys;
    }
}
