package dev.scalr.gateway.machine;

import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.LogCapture;
import dev.scalr.gateway.dev.authentik.SigningKey;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stand-in plus an app written for Authentik's outpost: "dav" takes Basic credentials (an app password
 * exchanged with client_credentials, or a JWT), asks for the entitlements scope and names its provider.
 */
public class OutpostResource extends FakeAuthentikResource {

    public static final SigningKey DAV = SigningKey.rsa();
    public static final String APP_PASSWORD = "app-password-0f5e9c";
    public static final int MAX_FAILURES = 3;

    @Override
    public Map<String, String> start() {
        LogCapture.install();
        Map<String, String> config = new HashMap<>(super.start());
        server().publish("dav", SigningKey.jwks(DAV));
        server().signIn().client("dav", "dav-client", "dav-secret", DAV);
        server().appPasswords().client("dav", "dav-client", DAV);
        server().appPasswords().appPassword("webdav-bot", APP_PASSWORD, List.of("admins", "x|staff"),
                List.of("read", "x|write", "write"));
        return config;
    }

    @Override
    protected Map<String, String> extraConfig() {
        return Map.of(
                "gateway.apps.dav.client-id", "dav-client",
                "gateway.apps.dav.client-secret", "dav-secret",
                "gateway.apps.dav.basic-auth", "true",
                "gateway.apps.dav.entitlements", "true",
                "gateway.apps.dav.provider-name", "DAV provider",
                "gateway.basic-auth.max-failures", String.valueOf(MAX_FAILURES));
    }

    @Override
    public void stop() {
        super.stop();
        LogCapture.uninstall();
    }
}
