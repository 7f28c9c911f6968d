package dev.scalr.gateway.session;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Authenticated encryption (AES-GCM, JDK provider) of cookie values. The first key seals, every key opens,
 * so the secret rotates without signing anybody out. With no keys (no app signs in) nothing opens. The cookie's name is bound in as associated data:
 * a cookie of app A pasted under app B's name does not open.
 */
public final class CookieSealer {

    private static final byte VERSION = 1;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final List<SecretKeySpec> keys;

    public CookieSealer(List<byte[]> keys) {
        this.keys = keys.stream().map(k -> new SecretKeySpec(k, "AES")).toList();
    }

    public static CookieSealer fromBase64(List<String> keys) {
        return new CookieSealer(keys.stream().map(k -> Base64.getDecoder().decode(k.trim())).toList());
    }

    public String seal(String plaintext, String boundTo) {
        return seal(plaintext.getBytes(StandardCharsets.UTF_8), boundTo);
    }

    public String seal(byte[] plaintext, String boundTo) {
        if (keys.isEmpty()) {
            // the configuration check demands gateway.session.keys whenever an app has sign-in on
            throw new IllegalStateException("no session key configured");
        }
        try {
            byte[] iv = new byte[IV_BYTES];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, keys.get(0), new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(plaintext);
            byte[] out = new byte[1 + IV_BYTES + sealed.length];
            out[0] = VERSION;
            System.arraycopy(iv, 0, out, 1, IV_BYTES);
            System.arraycopy(sealed, 0, out, 1 + IV_BYTES, sealed.length);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    /** Empty for anything that was not sealed by one of our keys for this name: tampered, foreign, garbage. */
    public Optional<String> open(String value, String boundTo) {
        return openBytes(value, boundTo).map(plain -> new String(plain, StandardCharsets.UTF_8));
    }

    public Optional<byte[]> openBytes(String value, String boundTo) {
        byte[] raw;
        try {
            raw = Base64.getUrlDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (raw.length < 1 + IV_BYTES + TAG_BITS / 8 || raw[0] != VERSION) {
            return Optional.empty();
        }
        for (SecretKeySpec key : keys) {
            try {
                Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
                cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, raw, 1, IV_BYTES));
                cipher.updateAAD(boundTo.getBytes(StandardCharsets.UTF_8));
                return Optional.of(cipher.doFinal(raw, 1 + IV_BYTES, raw.length - 1 - IV_BYTES));
            } catch (GeneralSecurityException e) {
                // not this key; try the next
            }
        }
        return Optional.empty();
    }
}
