import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The cold-path baseline of bench/load.sh: "the raw cost of one signature verify plus one no-op HTTP exchange",
 * as a server. Per request it does only the RS256 check of the bearer token's signature (no JSON, no claims)
 * and answers 200 (or 401), on the same HTTP stack as the gateway's listener (a plain Vert.x server, one event
 * loop). Not a verifier: it ignores everything but the signature. The check runs on the provider the gateway
 * uses ("native": ACCP from the gateway's lib, as GATEWAY_CRYPTO_PROVIDER's default; "jdk": the JDK's), so the
 * baseline is the same signature code the gateway runs.
 * Run: java -cp 'target/quarkus-app/lib/main/*' bench/RawVerifyServer.java PORT JWKS_URL [native|jdk]
 */
public class RawVerifyServer {

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String jwks = HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(URI.create(args[1])).build(), HttpResponse.BodyHandlers.ofString()).body();
        PublicKey parsed = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, Base64.getUrlDecoder().decode(member(jwks, "n"))),
                new BigInteger(1, Base64.getUrlDecoder().decode(member(jwks, "e")))));
        Provider provider = args.length > 2 && "jdk".equals(args[2]) ? Signature.getInstance("SHA256withRSA").getProvider()
                : (Provider) Class.forName("com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider")
                        .getField("INSTANCE").get(null);
        // converted once, as the gateway's SignatureProvider.prepare does
        PublicKey key = (PublicKey) KeyFactory.getInstance("RSA", provider).translateKey(parsed);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1").setPort(port)).requestHandler(request -> {
            String authorization = request.getHeader("Authorization");
            int status = 401;
            if (authorization != null && authorization.startsWith("Bearer ")) {
                String token = authorization.substring(7);
                int lastDot = token.lastIndexOf('.');
                try {
                    Signature check = Signature.getInstance("SHA256withRSA", provider);
                    check.initVerify(key);
                    check.update(token.substring(0, lastDot).getBytes(StandardCharsets.US_ASCII));
                    status = check.verify(Base64.getUrlDecoder().decode(token.substring(lastDot + 1))) ? 200 : 401;
                } catch (Exception e) {
                    status = 401;
                }
            }
            request.response().setStatusCode(status).end();
        }).listen().toCompletionStage().toCompletableFuture().join();
        System.out.println("raw verify server on " + port + ", provider " + provider.getName());
    }

    private static String member(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalArgumentException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
