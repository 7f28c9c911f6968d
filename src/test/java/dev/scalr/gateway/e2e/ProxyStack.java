package dev.scalr.gateway.e2e;

import dev.scalr.gateway.identity.IdentityHeaders;
import dev.scalr.gateway.dev.authentik.FakeAuthentik;
import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.PackagedGateway;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a request meets on its way to a protected app: a proxy in front, the packaged gateway as its
 * forward-auth target, FakeAuthentik's JWKS behind the gateway, and an echo backend as the app.
 * One app, "whoami", served on 127.0.0.1 (so /auth selects it by X-Forwarded-Host, as in production).
 * Tests of later flows (browser sign-in) start a stack with extra gateway environment and reuse the URLs.
 */
final class ProxyStack implements AutoCloseable {

    static final String SLUG = "whoami";
    static final String CLIENT_ID = "whoami-client";
    static final String CLIENT_SECRET = "whoami-secret";
    /**
     * Every header the gateway sends with its default header set, so no client copy reaches the app. Not ALL_NAMES
     * as in Traefik's list: Caddy 2.6 would copy the oauth2-proxy names, which this config never sends, as placeholders.
     */
    static final List<String> IDENTITY_HEADERS = IdentityHeaders.OUTPOST_NAMES;

    private final ProxyKind kind;
    private final SigningKey key = SigningKey.rsa();
    private final FakeAuthentik authentik = new FakeAuthentik();
    private EchoBackend backend;
    private PackagedGateway gateway;
    private final List<PackagedGateway> replicas = new java.util.ArrayList<>();
    private Process proxy;
    private Path dir;
    private int proxyPort;

    private ProxyStack(ProxyKind kind) {
        this.kind = kind;
    }

    static ProxyStack start(ProxyKind kind) throws Exception {
        return start(kind, Map.of());
    }

    /** @param extraEnv gateway environment added to (or overriding) the stack's defaults */
    static ProxyStack start(ProxyKind kind, Map<String, String> extraEnv) throws Exception {
        return start(kind, extraEnv, 1);
    }

    /** @param replicas gateways with the same environment, balanced round robin by the proxy */
    static ProxyStack start(ProxyKind kind, Map<String, String> extraEnv, int replicas) throws Exception {
        Path binary = ProxyBinary.require(kind.binaryName());
        ProxyStack stack = new ProxyStack(kind);
        try {
            stack.boot(binary, extraEnv, replicas);
        } catch (Exception | AssertionError e) {
            stack.close();
            throw e;
        }
        return stack;
    }

    private void boot(Path binary, Map<String, String> extraEnv, int replicaCount) throws Exception {
        authentik.publish(SLUG, SigningKey.jwks(key));
        authentik.signIn().client(SLUG, CLIENT_ID, CLIENT_SECRET, key);
        authentik.start();
        backend = new EchoBackend();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AUTHENTIK_HOST", Tokens.PUBLIC_AUTHENTIK);
        env.put("AUTHENTIK_INTERNAL_HOST", authentik.baseUrl());
        env.put("SCALR_PUBLIC_DOMAIN", "example.test");
        env.put("GATEWAY_APPS_WHOAMI_CLIENT_ID", CLIENT_ID);
        env.put("GATEWAY_APPS_WHOAMI_CLIENT_SECRET", CLIENT_SECRET);
        env.put("GATEWAY_SESSION_KEYS", FakeAuthentikResource.randomKey());
        env.put("GATEWAY_APPS_WHOAMI_HOSTS", "127.0.0.1");
        env.putAll(extraEnv);
        for (int i = 0; i < replicaCount; i++) {
            replicas.add(PackagedGateway.start(env));
        }
        gateway = replicas.get(0);
        dir = Files.createTempDirectory("proxy-" + kind.binaryName() + "-");
        proxyPort = PackagedGateway.freePort();
        List<String> command = kind.command(binary, dir, proxyPort,
                replicas.stream().map(PackagedGateway::listenerPort).toList(), backend.port(), IDENTITY_HEADERS);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("proxy.out").toFile());
        // Caddy keeps state under $HOME/XDG dirs: keep it inside the temp dir.
        builder.environment().put("HOME", dir.toString());
        builder.environment().put("XDG_DATA_HOME", dir.resolve("data").toString());
        builder.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        proxy = builder.start();
        awaitListening();
    }

    private void awaitListening() throws Exception {
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!proxy.isAlive()) {
                throw new IllegalStateException(kind + " exited: " + proxyLog());
            }
            try (Socket ignored = new Socket("127.0.0.1", proxyPort)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(50);
            }
        }
        throw new IllegalStateException(kind + " not listening on " + proxyPort + ": " + proxyLog());
    }

    String proxyLog() {
        try {
            String out = Files.readString(dir.resolve("proxy.out"));
            Path error = dir.resolve("error.log");
            return Files.exists(error) ? out + Files.readString(error) : out;
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** A valid token for the stack's app. */
    String validToken() {
        return Tokens.forApp(SLUG, CLIENT_ID).sign(key);
    }

    Tokens tokens() {
        return Tokens.forApp(SLUG, CLIENT_ID);
    }

    SigningKey key() {
        return key;
    }

    int proxyPort() {
        return proxyPort;
    }

    String proxyUrl() {
        return "http://127.0.0.1:" + proxyPort;
    }

    PackagedGateway gateway() {
        return gateway;
    }

    /** Every gateway replica (the first is {@link #gateway()}). */
    List<PackagedGateway> replicas() {
        return replicas;
    }

    FakeAuthentik authentik() {
        return authentik;
    }

    int backendPort() {
        return backend.port();
    }

    ProxyKind kind() {
        return kind;
    }

    @Override
    public void close() {
        if (proxy != null) {
            proxy.destroy();
            try {
                proxy.waitFor(5, java.util.concurrent.TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            proxy.destroyForcibly();
        }
        replicas.forEach(PackagedGateway::close);
        if (backend != null) {
            backend.close();
        }
        authentik.stop();
    }
}
