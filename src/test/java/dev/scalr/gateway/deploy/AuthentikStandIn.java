package dev.scalr.gateway.deploy;

import dev.scalr.gateway.dev.authentik.FakeAuthentik;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The test fake as container scalr-auth-server for the container end-to-end test (.ci/container-e2e.sh):
 * Authentik's URL layout on port 9000 of every interface, one confidential app, and a bearer token for it
 * written to a mounted folder, because the script has no other way to get a token signed with the fake's key.
 * <p>
 * Arguments: slug, client id, client secret, public Authentik URL (the issuer base), output folder.
 */
public final class AuthentikStandIn {

    private AuthentikStandIn() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 5) {
            System.err.println("usage: AuthentikStandIn <slug> <client-id> <client-secret> <public-authentik-url> <out-dir>");
            System.exit(2);
        }
        String slug = args[0];
        String clientId = args[1];
        String secret = args[2];
        String publicAuthentik = args[3];
        Path out = Path.of(args[4]);
        SigningKey key = SigningKey.rsa();
        FakeAuthentik authentik = new FakeAuthentik(new InetSocketAddress("0.0.0.0", 9000));
        authentik.publish(slug, SigningKey.jwks(key));
        authentik.signIn().client(slug, clientId, secret, key);
        authentik.signIn().user("alice", "admins", "staff");
        String bearer = Tokens.forApp(slug, clientId).issuer(publicAuthentik + "/application/o/" + slug + "/")
                .username("alice").groups("admins", "staff").sign(key);
        // Written before the server starts: once the port answers, the token is there.
        Files.writeString(out.resolve(slug + ".bearer"), bearer);
        authentik.start();
        System.out.println("authentik stand-in ready on :9000 for app " + slug);
        Thread.currentThread().join();
    }
}
