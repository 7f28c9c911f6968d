package dev.scalr.gateway.machine;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/**
 * The cache key of a Basic credential: HMAC-SHA256 under a key made at startup and never stored, so neither the
 * password nor a hash anyone could test guesses against (an unkeyed SHA-256 of a weak password) is kept.
 */
final class CredentialHashes {

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    CredentialHashes() {
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        this.key = new SecretKeySpec(secret, "HmacSHA256");
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Length-prefixed, so ("ab", "c") and ("a", "bc") never share a key. */
    CredentialHash of(String username, String password) {
        byte[] user = username.getBytes(StandardCharsets.UTF_8);
        byte[] pass = password.getBytes(StandardCharsets.UTF_8);
        Mac mac = macs.get();
        mac.update(ByteBuffer.allocate(4).putInt(user.length).array());
        mac.update(user);
        ByteBuffer digest = ByteBuffer.wrap(mac.doFinal(pass));
        return new CredentialHash(digest.getLong(), digest.getLong(), digest.getLong(), digest.getLong());
    }

    /** All 256 bits, compared without a string copy. */
    record CredentialHash(long a, long b, long c, long d) {
        @Override
        public int hashCode() {
            return (int) (a ^ (a >>> 32));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof CredentialHash h && a == h.a && b == h.b && c == h.c && d == h.d;
        }
    }
}
