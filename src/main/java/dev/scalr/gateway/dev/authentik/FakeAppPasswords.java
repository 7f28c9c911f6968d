package dev.scalr.gateway.dev.authentik;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Authentik's client_credentials grant with a username (authentik/providers/oauth2/views/token.py): the user must
 * exist and the password must be one of its app passwords, else 400 invalid_grant (every failure looks alike);
 * an unknown client_id is 400 invalid_client; no client secret is checked for this grant. The answer carries an
 * access token and an ID token (iss minted from Host and X-Forwarded-Proto, aud the client id), no refresh token.
 * The entitlements claim is only present when the entitlements scope was asked for.
 */
public final class FakeAppPasswords {

    record Client(String slug, SigningKey key) {
    }

    record User(String password, List<String> groups, List<String> entitlements) {
    }

    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile long lifetimeSeconds = 300;
    private volatile long delayMillis;
    private volatile Map<String, String> lastForm = Map.of();

    public void client(String slug, String clientId, SigningKey key) {
        clients.put(clientId, new Client(slug, key));
    }

    /** A user and one app password of theirs. */
    public void appPassword(String username, String password, List<String> groups, List<String> entitlements) {
        users.put(username, new User(password, groups, entitlements));
    }

    public void tokenLifetimeSeconds(long seconds) {
        this.lifetimeSeconds = seconds;
    }

    /** Each answer waits this long first (so concurrent requests overlap). */
    public void delayMillis(long millis) {
        this.delayMillis = millis;
    }

    /** client_credentials requests received so far. */
    public int calls() {
        return calls.get();
    }

    /** The form of the last client_credentials request (tests check what the gateway sent). */
    public Map<String, String> lastForm() {
        return lastForm;
    }

    void token(HttpExchange exchange, Map<String, String> form) throws IOException {
        calls.incrementAndGet();
        lastForm = Map.copyOf(form);
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Client client = clients.get(form.getOrDefault("client_id", ""));
        if (client == null) {
            FakeAuthentik.send(exchange, 400, "{\"error\":\"invalid_client\"}");
            return;
        }
        String username = form.getOrDefault("username", "");
        User user = users.get(username);
        if (username.isEmpty() || user == null || !user.password().equals(form.get("password"))) {
            FakeAuthentik.send(exchange, 400, "{\"error\":\"invalid_grant\",\"error_description\":\"The provided "
                    + "authorization grant or refresh token is invalid\"}");
            return;
        }
        String host = exchange.getRequestHeaders().getFirst("Host");
        String proto = exchange.getRequestHeaders().getFirst("X-Forwarded-Proto");
        String issuer = (proto == null ? "http" : proto) + "://" + host + "/application/o/" + client.slug() + "/";
        List<String> scopes = List.of(form.getOrDefault("scope", "").split(" "));
        Tokens tokens = Tokens.forApp(client.slug(), form.get("client_id")).issuer(issuer).username(username)
                .claim("sub", "sub-" + username).claim("name", username).claim("email", username + "@example.test")
                .groups(user.groups().toArray(String[]::new)).expiresInSeconds(lifetimeSeconds);
        if (scopes.contains("entitlements")) {
            tokens.claim("entitlements", user.entitlements());
        }
        String access = tokens.sign(client.key());
        String id = tokens.sign(client.key());
        FakeAuthentik.send(exchange, 200, "{\"access_token\":\"" + access + "\",\"token_type\":\"Bearer\",\"scope\":\""
                + String.join(" ", scopes) + "\",\"expires_in\":" + lifetimeSeconds + ",\"id_token\":\"" + id + "\"}");
    }
}
