package dev.scalr.gateway.config;

/** The setting gateway.crypto-provider (GATEWAY_CRYPTO_PROVIDER): who checks token signatures (crypto/). */
public enum CryptoChoice {
    /** The native provider when it loads and passes a check; the JDK's otherwise (said at startup). */
    NATIVE,
    /** Always the JDK's providers (SunRsaSign, SunEC). */
    JDK
}
