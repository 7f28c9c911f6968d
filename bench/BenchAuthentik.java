import com.sun.net.httpserver.HttpServer;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Benchmark stand-in for Authentik, JDK only (run as: java bench/BenchAuthentik.java PORT OUTDIR ISSUER_HOST).
 * Serves the JWKS of app "bench" on PORT and writes token files to OUTDIR:
 *   one.txt     one valid RS256 token
 *   many.txt    1,000 distinct valid tokens (different users)
 *   invalid.txt 1,000 tokens with the right kid but a wrong signature (signed by another key), each sent again and again
 *   forged.txt  20,000 distinct forged tokens: right kid, valid claims, a made-up signature (an attacker needs no key;
 *               more than the gateway remembers, so each one costs a signature check)
 * then touches OUTDIR/ready.
 */
public class BenchAuthentik {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        Path out = Path.of(args[1]);
        String issuer = args[2] + "/application/o/bench/";
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair key = generator.generateKeyPair();
        KeyPair other = generator.generateKeyPair();
        String kid = UUID.randomUUID().toString().replace("-", "");

        Files.writeString(out.resolve("one.txt"), token(key.getPrivate(), kid, issuer, 0) + "\n");
        Files.write(out.resolve("many.txt"), tokens(key.getPrivate(), kid, issuer));
        Files.write(out.resolve("invalid.txt"), tokens(other.getPrivate(), kid, issuer));
        Files.write(out.resolve("forged.txt"), forged(kid, issuer));

        RSAPublicKey pub = (RSAPublicKey) key.getPublic();
        byte[] jwks = ("{\"keys\":[{\"kty\":\"RSA\",\"alg\":\"RS256\",\"use\":\"sig\",\"kid\":\"" + kid + "\",\"n\":\""
                + B64.encodeToString(unsigned(pub.getModulus())) + "\",\"e\":\""
                + B64.encodeToString(unsigned(pub.getPublicExponent())) + "\"}]}").getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 16);
        server.createContext("/application/o/bench/jwks/", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        server.start();
        Files.writeString(out.resolve("ready"), "");
    }

    private static List<String> tokens(PrivateKey key, String kid, String issuer) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            lines.add(token(key, kid, issuer, i));
        }
        return lines;
    }

    private static List<String> forged(String kid, String issuer) {
        byte[] made = new byte[256];
        new java.util.Random(7).nextBytes(made);
        made[0] = 1; // below any 2048-bit modulus: a full RSA operation, not an early "out of range" refusal
        String signature = B64.encodeToString(made);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            lines.add(signingInput(kid, issuer, 100_000 + i) + "." + signature);
        }
        return lines;
    }

    private static String signingInput(String kid, String issuer, int user) {
        long now = System.currentTimeMillis() / 1000;
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
        String claims = "{\"iss\":\"" + issuer + "\",\"aud\":\"bench-client\",\"azp\":\"bench-client\",\"sub\":\"sub" + user
                + "\",\"preferred_username\":\"user" + user + "\",\"name\":\"User " + user + "\",\"email\":\"user" + user
                + "@example.test\",\"groups\":[\"staff\"],\"iat\":" + now + ",\"exp\":" + (now + 4 * 3600) + "}";
        return B64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    }

    private static String token(PrivateKey key, String kid, String issuer, int user) throws Exception {
        String input = signingInput(kid, issuer, user);
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(signature.sign());
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}
