package dev.scalr.gateway.crypto;

import dev.scalr.gateway.config.CryptoChoice;
import org.jose4j.jca.ProviderContext;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Security;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/**
 * Which JCA provider checks token signatures: a native one (Amazon Corretto Crypto Provider, AWS-LC), or the
 * JDK's own. Only the gateway's JWS checks use it, named through jose4j's {@link ProviderContext}; it is
 * registered at the lowest priority, never inserted first, so nothing else in the JVM (TLS, the session
 * cookie's AES-GCM, SecureRandom) changes provider. Chosen once at startup; immutable and thread-safe.
 */
public final class SignatureProvider {

    private final Provider provider;
    private final String status;
    private final ProviderContext context;

    private SignatureProvider(Provider provider, String status) {
        this.provider = provider;
        this.status = status;
        this.context = new ProviderContext();
        if (provider != null) {
            context.getSuppliedKeyProviderContext().setSignatureProvider(provider.getName());
            context.getGeneralProviderContext().setSignatureProvider(provider.getName());
        }
    }

    /** The JDK's providers; {@code why} is what the startup line and the started check say. */
    public static SignatureProvider jdk(String why) {
        return new SignatureProvider(null, why);
    }

    /**
     * @param nativeProvider loads the native provider; it may throw anything (an {@link UnsatisfiedLinkError}
     *                       when the platform has no matching library), which makes this the JDK's, with the cause
     */
    public static SignatureProvider load(CryptoChoice choice, Supplier<Provider> nativeProvider) {
        if (choice == CryptoChoice.JDK) {
            return jdk("jdk (gateway.crypto-provider=jdk)");
        }
        return ofChecked(() -> checked(nativeProvider.get()));
    }

    /**
     * The native provider, loaded and canary-checked by {@code checkedProvider} (possibly earlier, on another
     * thread: {@link EarlyNativeLoad}); the JDK's, with the cause, when that threw anything.
     */
    static SignatureProvider ofChecked(Callable<Provider> checkedProvider) {
        Provider loaded;
        try {
            loaded = checkedProvider.call();
        } catch (Throwable e) { // a native library fails with Errors (UnsatisfiedLinkError, NoClassDefFoundError)
            return jdk("jdk (fallback: the native provider is unavailable: " + describe(e) + ")");
        }
        if (Security.getProvider(loaded.getName()) == null) {
            Security.addProvider(loaded); // appended: the lowest priority, picked only when named
        }
        return new SignatureProvider(loaded, loaded.getName() + " " + loaded.getVersionStr() + " (native)");
    }

    /** The candidate, once it passed the canary check; what the check threw otherwise. Registers nothing. */
    static Provider checked(Provider candidate) throws GeneralSecurityException {
        canary(candidate);
        return candidate;
    }

    /** One EC signature made by the JDK must verify natively (and a changed one must not) before we rely on it. */
    private static void canary(Provider candidate) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        byte[] message = "scalr-auth-gateway canary".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(pair.getPrivate());
        signer.update(message);
        byte[] signature = signer.sign();
        PublicKey key = (PublicKey) KeyFactory.getInstance("EC", candidate).translateKey(pair.getPublic());
        Signature check = Signature.getInstance("SHA256withECDSA", candidate);
        check.initVerify(key);
        check.update(message);
        boolean good = check.verify(signature);
        check.initVerify(key);
        message[0] ^= 1;
        check.update(message);
        if (!good || check.verify(signature)) {
            throw new GeneralSecurityException("canary signature check gave a wrong answer");
        }
    }

    /**
     * The key in the provider's own form, converted once when the JWKS is read, so a check does not convert it
     * per token; the key itself unchanged for the JDK, or when the provider cannot take it.
     */
    public PublicKey prepare(PublicKey key) {
        if (provider == null) {
            return key;
        }
        try {
            Key translated = KeyFactory.getInstance(key.getAlgorithm(), provider).translateKey(key);
            return translated instanceof PublicKey converted ? converted : key;
        } catch (GeneralSecurityException | RuntimeException e) {
            return key; // still checked, by the same provider, converting per check
        }
    }

    /** What jose4j's JWS signature check is given. */
    public ProviderContext joseContext() {
        return context;
    }

    public boolean isNative() {
        return provider != null;
    }

    /** One line for the startup log and /q/health/started, e.g. "AmazonCorrettoCryptoProvider 2.5 (native)". */
    public String status() {
        return status;
    }

    private static String describe(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : ": " + root.getMessage();
        // one line: library paths and linker messages can be long
        String text = root.getClass().getSimpleName() + message.replaceAll("[\\r\\n]+", " ");
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }
}
