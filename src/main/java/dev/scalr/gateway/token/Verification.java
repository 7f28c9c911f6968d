package dev.scalr.gateway.token;

import java.util.Optional;

/** The outcome of checking one token: an identity, or a failure with details for the log only. */
public sealed interface Verification {

    /**
     * @param keyThumbprint the RFC 7638 thumbprint of the key that verified the signature (what a cache entry is
     *                      bound to: a kid may be absent or reused)
     * @param nonce         the nonce claim (ID tokens), or null
     */
    record Verified(Identity identity, String keyThumbprint, String nonce) implements Verification {
    }

    /**
     * @param logDetail what the operator needs (e.g. expected and received iss); never token contents beyond claims
     * @param kid       the kid the token named, when the failure was about keys
     */
    record Failed(TokenFailure failure, String logDetail, Optional<String> kid) implements Verification {
        public static Failed of(TokenFailure failure, String logDetail) {
            return new Failed(failure, logDetail, Optional.empty());
        }
    }
}
