import dev.scalr.gateway.dev.authentik.FakeAuthentik;
import dev.scalr.gateway.dev.authentik.SigningKey;
import org.jose4j.jwk.PublicJsonWebKey;

import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Benchmark stand-in for Authentik: the application's own dev stand-in (dev.scalr.gateway.dev.authentik.FakeAuthentik,
 * shipped in the app jar) on PORT, serving app "bench" with this file's keys, so a gateway can sign a browser in
 * for real (authorize, the sign-in form, the code exchange at the token endpoint, ID tokens signed with the RSA key).
 * Run as: java -cp 'target/quarkus-app/lib/main/*:target/quarkus-app/app/*' bench/BenchAuthentik.java PORT OUTDIR ISSUER_HOST
 * Client "bench-client" with secret "bench-secret"; the sign-in form takes benchuser / benchpass.
 * Serves the JWKS of app "bench" (one RSA and one EC key) and writes token files to OUTDIR:
 *   one.txt     one valid RS256 token
 *   many.txt    1,000 distinct valid tokens (different users)
 *   invalid.txt 1,000 tokens with the right kid but a wrong signature (signed by another key), each sent again and again
 *   forged.txt  20,000 distinct forged tokens: right kid, valid claims, a made-up signature (an attacker needs no key;
 *               more than the gateway remembers, so each one costs a signature check)
 *   rs256-20000.txt / es256-20000.txt  20,000 distinct valid tokens signed with the RSA / the EC (P-256) key: more than
 *               the gateway's token cache holds, so each one is a first-seen token (signature, claims, identity)
 *   session.txt 1,000 distinct valid session cookies of app "bench" (Cookie header values), sealed as the gateway's
 *               CookieSealer does (AES-GCM, version byte, 12-byte IV, the cookie name as associated data) with
 *               session.key, whose base64 goes to GATEWAY_SESSION_KEYS
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
        KeyPairGenerator ecGenerator = KeyPairGenerator.getInstance("EC");
        ecGenerator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = ecGenerator.generateKeyPair();
        String ecKid = UUID.randomUUID().toString().replace("-", "");

        Files.writeString(out.resolve("one.txt"), token(key.getPrivate(), kid, issuer, 0) + "\n");
        Files.write(out.resolve("many.txt"), tokens(key.getPrivate(), kid, issuer));
        Files.write(out.resolve("invalid.txt"), tokens(other.getPrivate(), kid, issuer));
        Files.write(out.resolve("forged.txt"), forged(kid, issuer));
        // both cores: 40,000 signatures with the JDK take a while
        Files.write(out.resolve("rs256-20000.txt"), distinct(user -> token(key.getPrivate(), kid, issuer, user)));
        Files.write(out.resolve("es256-20000.txt"), distinct(user -> esToken(ec.getPrivate(), ecKid, issuer, user)));
        byte[] sessionKey = new byte[32];
        new SecureRandom().nextBytes(sessionKey);
        Files.writeString(out.resolve("session.key"), Base64.getEncoder().encodeToString(sessionKey));
        Files.write(out.resolve("session.txt"), sessions(sessionKey, "__Host-scalr_auth_bench"));

        RSAPublicKey pub = (RSAPublicKey) key.getPublic();
        byte[] jwks = ("{\"keys\":[{\"kty\":\"RSA\",\"alg\":\"RS256\",\"use\":\"sig\",\"kid\":\"" + kid + "\",\"n\":\""
                + B64.encodeToString(unsigned(pub.getModulus())) + "\",\"e\":\""
                + B64.encodeToString(unsigned(pub.getPublicExponent())) + "\"}," + ecJwk((ECPublicKey) ec.getPublic(), ecKid)
                + "]}").getBytes(StandardCharsets.UTF_8);
        FakeAuthentik authentik = new FakeAuthentik(new InetSocketAddress("127.0.0.1", port));
        authentik.publish("bench", new String(jwks, StandardCharsets.UTF_8));
        // ID tokens of a sign-in are signed with the RSA key the JWKS publishes under kid (the bench's tokens' key)
        PublicJsonWebKey signing = PublicJsonWebKey.Factory.newPublicJwk(key.getPublic());
        signing.setPrivateKey(key.getPrivate());
        signing.setKeyId(kid);
        authentik.signIn().client("bench", "bench-client", "bench-secret", new SigningKey(signing, "RS256"));
        authentik.signIn().account("benchuser", "benchpass", List.of("staff"), "benchuser@example.test");
        authentik.signIn().loginForm(true);
        // a sealed session lasts until the ID token's exp: longer than any bench run
        authentik.signIn().idTokenLifetimeSeconds(4 * 3600);
        authentik.start();
        Files.writeString(out.resolve("ready"), "");
    }

    private static List<String> tokens(PrivateKey key, String kid, String issuer) throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            lines.add(token(key, kid, issuer, i));
        }
        return lines;
    }

    interface Signer {
        String sign(int user) throws Exception;
    }

    private static List<String> distinct(Signer signer) {
        return IntStream.range(200_000, 220_000).parallel().mapToObj(user -> {
            try {
                return signer.sign(user);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }).collect(Collectors.toList());
    }

    /** ES256: the JDK's DER signature turned into JWS's fixed-size R||S (P1363). */
    private static String esToken(PrivateKey key, String kid, String issuer, int user) throws Exception {
        String input = signingInput(kid, issuer, user, "ES256");
        Signature signature = Signature.getInstance("SHA256withECDSAinP1363Format");
        signature.initSign(key);
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(signature.sign());
    }

    private static String ecJwk(ECPublicKey key, String kid) {
        return "{\"kty\":\"EC\",\"alg\":\"ES256\",\"use\":\"sig\",\"kid\":\"" + kid + "\",\"crv\":\"P-256\",\"x\":\""
                + B64.encodeToString(fixed(key.getW().getAffineX(), 32)) + "\",\"y\":\""
                + B64.encodeToString(fixed(key.getW().getAffineY(), 32)) + "\"}";
    }

    /** Session cookies as the gateway seals them: what SessionCookies.issue writes for a signed-in user. */
    private static List<String> sessions(byte[] key, String name) throws Exception {
        long exp = System.currentTimeMillis() / 1000 + 4 * 3600;
        SecureRandom random = new SecureRandom();
        List<String> lines = new ArrayList<>();
        for (int user = 0; user < 1000; user++) {
            String claims = "{\"sub\":\"sub" + user + "\",\"usr\":\"user" + user + "\",\"em\":\"user" + user
                    + "@example.test\",\"nm\":\"User " + user + "\",\"grp\":[\"staff\"],\"exp\":" + exp + "}";
            byte[] iv = new byte[12];
            random.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new GCMParameterSpec(128, iv));
            cipher.updateAAD(name.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(claims.getBytes(StandardCharsets.UTF_8));
            byte[] value = new byte[1 + 12 + sealed.length];
            value[0] = 1;
            System.arraycopy(iv, 0, value, 1, 12);
            System.arraycopy(sealed, 0, value, 13, sealed.length);
            lines.add(name + "=" + B64.encodeToString(value));
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
        return signingInput(kid, issuer, user, "RS256");
    }

    private static String signingInput(String kid, String issuer, int user, String alg) {
        long now = System.currentTimeMillis() / 1000;
        String header = "{\"alg\":\"" + alg + "\",\"typ\":\"JWT\",\"kid\":\"" + kid + "\"}";
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

    private static byte[] fixed(BigInteger value, int length) {
        byte[] bytes = unsigned(value);
        byte[] out = new byte[length];
        System.arraycopy(bytes, 0, out, length - bytes.length, bytes.length);
        return out;
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}
