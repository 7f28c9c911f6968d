package dev.scalr.gateway.dev.authentik;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real local HTTP server standing in for Authentik's internal endpoints: per-app JWKS at
 * /application/o/{slug}/jwks/, with switchable failure modes and a fetch counter per app; the discovery
 * document /application/o/{slug}/.well-known/openid-configuration, whose issuer is minted from the Host and
 * X-Forwarded-Proto it receives (as Authentik does) unless pinned per slug; and /-/health/live/ and /-/health/ready/.
 * The token endpoint hands client_credentials to {@link FakeAppPasswords} and every other grant to {@link FakeSignIn}.
 */
public final class FakeAuthentik {

    public enum Mode { NORMAL, GARBAGE, SLOW, ERROR }

    private final HttpServer server;
    private final Map<String, String> jwks = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();
    private volatile Mode mode = Mode.NORMAL;
    private volatile long slowMillis = 3000;
    private final Map<String, String> pinnedIssuers = new ConcurrentHashMap<>();
    private final Map<String, String> rawDiscovery = new ConcurrentHashMap<>();
    private volatile int liveStatus = 200;
    private volatile int readyStatus = 200;
    private final java.util.List<String> discoveryHosts = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger healthCalls = new AtomicInteger();
    private final AtomicInteger endSessions = new AtomicInteger();
    private final java.util.Set<String> jwksUnavailable = ConcurrentHashMap.newKeySet();

    public FakeAuthentik() {
        this(0);
    }

    /** On a fixed port, so a test can stop it and bring a new one up where the gateway expects it. */
    public FakeAuthentik(int port) {
        this(new InetSocketAddress("127.0.0.1", port));
    }

    /** On any address: all interfaces when it stands in for Authentik in a container (deploy.AuthentikStandIn). */
    public FakeAuthentik(InetSocketAddress address) {
        try {
            server = HttpServer.create(address, 64);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/application/o/", this::handle);
        server.createContext("/application/o/authorize/", signIn::authorize);
        server.createContext("/application/o/token/", this::token);
        server.createContext("/application/o/userinfo/", new UserInfo(signIn::keys)::handle);
        server.createContext("/-/health/", this::health);
    }

    private final FakeSignIn signIn = new FakeSignIn();
    private final FakeAppPasswords appPasswords = new FakeAppPasswords();

    /** The client_credentials grant with a user and an app password (machine clients sending Basic). */
    public FakeAppPasswords appPasswords() {
        return appPasswords;
    }

    /** client_credentials goes to {@link FakeAppPasswords}; every other grant to {@link FakeSignIn}, body intact. */
    private void token(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        java.util.Map<String, String> form = Forms.parse(new String(body, StandardCharsets.UTF_8));
        if ("client_credentials".equals(form.get("grant_type"))) {
            appPasswords.token(exchange, form);
        } else {
            exchange.setStreams(new java.io.ByteArrayInputStream(body), null);
            signIn.token(exchange);
        }
    }

    /** The OAuth2 side: clients, the signed-in user, codes. */
    public FakeSignIn signIn() {
        return signIn;
    }

    public FakeAuthentik start() {
        server.start();
        return this;
    }

    public void stop() {
        server.stop(0);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public void publish(String slug, String jwksJson) {
        jwks.put(slug, jwksJson);
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    public void slowMillis(long millis) {
        this.slowMillis = millis;
    }

    public int fetches(String slug) {
        return fetches.computeIfAbsent(slug, s -> new AtomicInteger()).get();
    }

    /** Discovery for this slug names this issuer whatever Host it is asked with; null restores minting. */
    public void pinIssuer(String slug, String issuer) {
        if (issuer == null) {
            pinnedIssuers.remove(slug);
        } else {
            pinnedIssuers.put(slug, issuer);
        }
    }

    /** Discovery for this slug answers 200 with this body as it is (say, a login page); null restores it. */
    public void discoveryBody(String slug, String body) {
        if (body == null) {
            rawDiscovery.remove(slug);
        } else {
            rawDiscovery.put(slug, body);
        }
    }

    public void healthStatus(int live, int ready) {
        this.liveStatus = live;
        this.readyStatus = ready;
    }

    /** This slug's JWKS answers 503 (whatever the mode) until called again with false. */
    public void jwksUnavailable(String slug, boolean unavailable) {
        if (unavailable) {
            jwksUnavailable.add(slug);
        } else {
            jwksUnavailable.remove(slug);
        }
    }

    /** Requests to /-/health/live/ and /-/health/ready/ so far. */
    public int healthCalls() {
        return healthCalls.get();
    }

    /** The Host headers discovery requests arrived with. */
    public java.util.List<String> discoveryHosts() {
        return discoveryHosts;
    }

    private void health(HttpExchange exchange) throws IOException {
        healthCalls.incrementAndGet();
        String path = exchange.getRequestURI().getPath();
        if ("/-/health/live/".equals(path)) {
            send(exchange, liveStatus, "");
        } else if ("/-/health/ready/".equals(path)) {
            send(exchange, readyStatus, "");
        } else {
            send(exchange, 404, "{\"detail\":\"not found\"}");
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String[] parts = path.split("/");
        // /application/o/{slug}/.well-known/openid-configuration
        if (parts.length == 6 && ".well-known".equals(parts[4]) && "openid-configuration".equals(parts[5])) {
            String slug = parts[3];
            String host = exchange.getRequestHeaders().getFirst("Host");
            discoveryHosts.add(host);
            if (rawDiscovery.containsKey(slug)) {
                send(exchange, 200, rawDiscovery.get(slug));
                return;
            }
            String proto = exchange.getRequestHeaders().getFirst("X-Forwarded-Proto");
            String issuer = pinnedIssuers.getOrDefault(slug,
                    (proto == null ? "http" : proto) + "://" + host + "/application/o/" + slug + "/");
            int layout = issuer.indexOf("/application/o/");
            String base = layout < 0 ? issuer : issuer.substring(0, layout);
            send(exchange, 200, "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "jwks/\""
                    + ",\"authorization_endpoint\":\"" + base + "/application/o/authorize/\""
                    + ",\"token_endpoint\":\"" + base + "/application/o/token/\""
                    + ",\"userinfo_endpoint\":\"" + base + "/application/o/userinfo/\""
                    + ",\"end_session_endpoint\":\"" + issuer + "end-session/\""
                    + ",\"response_types_supported\":[\"code\"],\"code_challenge_methods_supported\":[\"S256\"]"
                    + ",\"grant_types_supported\":[\"authorization_code\",\"refresh_token\",\"client_credentials\"]}");
            return;
        }
        // /application/o/{slug}/end-session/: Authentik ends its own session, then follows post_logout_redirect_uri
        if (parts.length == 5 && "end-session".equals(parts[4])) {
            endSession(exchange);
            return;
        }
        // /application/o/{slug}/jwks/ -> ["", "application", "o", slug, "jwks"]
        if (parts.length == 5 && "jwks".equals(parts[4])) {
            String slug = parts[3];
            fetches.computeIfAbsent(slug, s -> new AtomicInteger()).incrementAndGet();
            Mode now = mode;
            if (now == Mode.SLOW) {
                java.util.concurrent.locks.LockSupport.parkNanos(slowMillis * 1_000_000L);
            }
            if (now == Mode.ERROR || jwksUnavailable.contains(slug)) {
                send(exchange, 503, "{\"detail\":\"unavailable\"}");
            } else if (now == Mode.GARBAGE) {
                send(exchange, 200, "<html>not json</html>");
            } else {
                send(exchange, 200, jwks.getOrDefault(slug, "{}"));
            }
            return;
        }
        send(exchange, 404, "{\"detail\":\"not found\"}");
    }

    private void endSession(HttpExchange exchange) throws IOException {
        endSessions.incrementAndGet();
        signIn.endSession(exchange);
        LoginPage.signedOut(exchange, Forms.parse(exchange.getRequestURI().getRawQuery()).get("post_logout_redirect_uri"));
    }

    /** Requests to an app's end-session endpoint so far. */
    public int endSessions() {
        return endSessions.get();
    }

    static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

}
