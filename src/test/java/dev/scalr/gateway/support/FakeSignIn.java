package dev.scalr.gateway.support;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Authentik's authorize and token endpoints, as far as the gateway can tell: authorize issues a one-time
 * code bound to the PKCE challenge and redirect URI (for an already signed-in user); token checks the
 * verifier and client credentials and mints iss from the Host and X-Forwarded-Proto it received, exactly
 * like Authentik does.
 */
public final class FakeSignIn {

    record Client(String slug, String secret, SigningKey key) {
    }

    record Grant(String clientId, String redirectUri, String challenge, String nonce, String user, List<String> groups) {
    }

    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final AtomicInteger tokenCalls = new AtomicInteger();
    private volatile String user = "alice";
    private volatile List<String> groups = List.of("admins", "staff");
    private volatile long idTokenLifetimeSeconds = 3600;
    private volatile String lastTokenHost;

    public void client(String slug, String clientId, String secret, SigningKey key) {
        clients.put(clientId, new Client(slug, secret, key));
    }

    public void user(String user, String... groups) {
        this.user = user;
        this.groups = List.of(groups);
    }

    public void idTokenLifetimeSeconds(long seconds) {
        this.idTokenLifetimeSeconds = seconds;
    }

    public int tokenCalls() {
        return tokenCalls.get();
    }

    public String lastTokenHost() {
        return lastTokenHost;
    }

    void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> q = parse(exchange.getRequestURI().getRawQuery());
        Client client = clients.get(q.get("client_id"));
        if (client == null || !"code".equals(q.get("response_type")) || !"S256".equals(q.get("code_challenge_method"))
                || q.get("code_challenge") == null || q.get("redirect_uri") == null) {
            FakeAuthentik.send(exchange, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(code, new Grant(q.get("client_id"), q.get("redirect_uri"), q.get("code_challenge"), q.get("nonce"),
                user, groups));
        String location = q.get("redirect_uri") + "?code=" + enc(code) + "&state=" + enc(q.get("state"));
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    void token(HttpExchange exchange) throws IOException {
        tokenCalls.incrementAndGet();
        String host = exchange.getRequestHeaders().getFirst("Host");
        lastTokenHost = host;
        String proto = exchange.getRequestHeaders().getFirst("X-Forwarded-Proto");
        Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Grant grant = codes.remove(form.getOrDefault("code", ""));
        if (grant == null) {
            FakeAuthentik.send(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        Client client = clients.get(form.get("client_id"));
        if (client == null || !grant.clientId().equals(form.get("client_id"))
                || (client.secret() != null && !client.secret().equals(form.get("client_secret")))) {
            FakeAuthentik.send(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        if (!grant.redirectUri().equals(form.get("redirect_uri")) || form.get("code_verifier") == null
                || !grant.challenge().equals(s256(form.get("code_verifier")))) {
            FakeAuthentik.send(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        String issuer = (proto == null ? "http" : proto) + "://" + host + "/application/o/" + client.slug() + "/";
        Tokens tokens = Tokens.forApp(client.slug(), grant.clientId()).issuer(issuer).username(grant.user())
                .groups(grant.groups().toArray(String[]::new)).expiresInSeconds(idTokenLifetimeSeconds);
        String access = tokens.sign(client.key());
        String id = tokens.claim("nonce", grant.nonce()).sign(client.key());
        FakeAuthentik.send(exchange, 200, "{\"access_token\":\"" + access + "\",\"id_token\":\"" + id
                + "\",\"token_type\":\"Bearer\",\"expires_in\":" + idTokenLifetimeSeconds + "}");
    }

    static Map<String, String> parse(String query) {
        Map<String, String> map = new HashMap<>();
        if (query == null) {
            return map;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                map.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return map;
    }

    public static Map<String, String> queryOf(String url) {
        return parse(URI.create(url).getRawQuery());
    }

    private static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String enc(String value) {
        return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }
}
