package dev.scalr.gateway.token;

import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;

/**
 * Whether a JWS alg can be verified with a key at all (RFC 7518 §3.1): RS and PS need an RSA key, ES256/384/512
 * an EC key on P-256/P-384/P-521. Decided from the key's type and field size, before any signature is computed.
 */
final class KeyTypes {

    private KeyTypes() {
    }

    static boolean fits(String alg, PublicKey key) {
        if (alg.startsWith("RS") || alg.startsWith("PS")) {
            return key instanceof RSAPublicKey;
        }
        if (alg.startsWith("ES") && key instanceof ECPublicKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return switch (alg) {
                case "ES256" -> bits == 256;
                case "ES384" -> bits == 384;
                case "ES512" -> bits == 521;
                default -> false;
            };
        }
        return false;
    }

    static String describe(PublicKey key) {
        if (key instanceof ECPublicKey ec) {
            return "EC P-" + ec.getParams().getCurve().getField().getFieldSize();
        }
        return key.getAlgorithm();
    }
}
