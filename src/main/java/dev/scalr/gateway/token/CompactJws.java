package dev.scalr.gateway.token;

import dev.scalr.gateway.token.Verification.Failed;

/**
 * The strict syntax of a JWS compact serialization, checked before anything is hashed, cached or parsed:
 * three dot-separated segments of canonical unpadded base64url (RFC 7515 §2, RFC 4648 §5), header and payload
 * non-empty. jose4j's decoder is lenient ('=', '!', '~', whitespace, set unused bits): without this check each
 * of those spellings of one token would verify, miss the token cache and be forwarded as-is. A hand-written
 * loop: no regex, no allocation, no exception.
 */
final class CompactJws {

    /** 6-bit value of each base64url character, -1 for any other character. */
    private static final byte[] VALUES = new byte[128];

    static {
        java.util.Arrays.fill(VALUES, (byte) -1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.length(); i++) {
            VALUES[alphabet.charAt(i)] = (byte) i;
        }
    }

    private CompactJws() {
    }

    /** Why the token is refused on its shape alone (too long, JWE, not canonical), or null when it may be parsed. */
    static Failed refusal(String token, int maxLength) {
        if (token.length() > maxLength) {
            return Failed.of(TokenFailure.TOO_LARGE, "length " + token.length() + " > " + maxLength);
        }
        int first = token.indexOf('.');
        int second = first < 0 ? -1 : token.indexOf('.', first + 1);
        if (second < 0 || token.indexOf('.', second + 1) >= 0) {
            return dots(token) == 4 ? Failed.of(TokenFailure.ENCRYPTED, "five-part compact serialization")
                    : Failed.of(TokenFailure.MALFORMED, "not three dot-separated parts");
        }
        if (!canonical(token, 0, first, false) || !canonical(token, first + 1, second, false)
                || !canonical(token, second + 1, token.length(), true)) {
            return Failed.of(TokenFailure.MALFORMED, "not three segments of canonical unpadded base64url");
        }
        return null;
    }

    /**
     * [from, to) is base64url without padding, of a possible length, and its last character sets no unused bits
     * (otherwise several spellings decode to the same bytes). Only the signature may be empty (alg none).
     */
    private static boolean canonical(String token, int from, int to, boolean mayBeEmpty) {
        int length = to - from;
        if (length == 0) {
            return mayBeEmpty;
        }
        if (length % 4 == 1) {
            return false;
        }
        int value = 0;
        for (int i = from; i < to; i++) {
            char c = token.charAt(i);
            value = c < 128 ? VALUES[c] : -1;
            if (value < 0) {
                return false;
            }
        }
        int unusedBits = length % 4 == 2 ? 0x0F : length % 4 == 3 ? 0x03 : 0;
        return (value & unusedBits) == 0;
    }

    private static int dots(String token) {
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) == '.') {
                dots++;
            }
        }
        return dots;
    }
}
