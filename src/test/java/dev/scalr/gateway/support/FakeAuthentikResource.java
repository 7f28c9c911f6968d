package dev.scalr.gateway.support;

import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import dev.scalr.gateway.dev.authentik.FakeAuthentik;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.HashMap;
import java.util.Map;

/**
 * Starts {@link FakeAuthentik} before Quarkus and points the gateway's internal host at it.
 * Apps: grafana and wiki share one RSA key (as Authentik apps often do) but differ in issuer and audience;
 * ecapp signs ES256; rotate and flood have keys of their own so their tests do not disturb others.
 */
public class FakeAuthentikResource implements QuarkusTestResourceLifecycleManager {

    public static final SigningKey SHARED = SigningKey.rsa();
    public static final SigningKey EC = SigningKey.ec();
    public static final SigningKey ROTATE_OLD = SigningKey.rsa();
    public static final SigningKey FLOOD = SigningKey.rsa();

    /** Two cookie keys: the first seals, both open (a rotation in progress). Random per run. */
    public static final String SESSION_KEY_NEW = randomKey();
    public static final String SESSION_KEY_OLD = randomKey();

    private static FakeAuthentik server;

    public static String randomKey() {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        return java.util.Base64.getEncoder().encodeToString(key);
    }

    public static FakeAuthentik server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new FakeAuthentik();
        server.publish("grafana", SigningKey.jwks(SHARED));
        server.publish("wiki", SigningKey.jwks(SHARED));
        server.publish("ecapp", SigningKey.jwks(EC));
        server.publish("rotate", SigningKey.jwks(ROTATE_OLD));
        server.publish("flood", SigningKey.jwks(FLOOD));
        server.signIn().client("grafana", "grafana-client", "grafana-secret", SHARED);
        server.signIn().client("wiki", "wiki-client", null, SHARED);
        server.start();

        Map<String, String> config = new HashMap<>();
        config.put("authentik.host", Tokens.PUBLIC_AUTHENTIK);
        config.put("authentik.internal-host", server.baseUrl());
        config.put("scalr.public-domain", "example.test");
        config.put("gateway.keys.unknown-kid-cooldown", "30S");
        config.put("gateway.session.keys", SESSION_KEY_NEW + "," + SESSION_KEY_OLD);
        config.put("gateway.apps.grafana.client-id", "grafana-client");
        config.put("gateway.apps.grafana.client-secret", "grafana-secret");
        config.put("gateway.apps.wiki.client-id", "wiki-client");
        config.put("gateway.apps.wiki.allowed-groups", "editors,admins");
        config.put("gateway.apps.wiki.public-paths", "/static/,/healthz");
        config.put("gateway.apps.wiki.hosts", "docs.example.org");
        config.put("gateway.apps.ecapp.enabled", "true");
        config.put("gateway.apps.rotate.client-id", "rotate-client");
        config.put("gateway.apps.rotate.sign-in", "false");
        config.put("gateway.apps.flood.client-id", "flood-client");
        config.put("gateway.apps.flood.sign-in", "false");
        config.putAll(extraConfig());
        return config;
    }

    /** Variants add or override settings here. */
    protected Map<String, String> extraConfig() {
        return Map.of();
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
