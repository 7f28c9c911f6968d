package dev.scalr.gateway.dev.authentik;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Authentik's authorize and token endpoints, as far as the gateway can tell: authorize issues a one-time
 * code bound to the PKCE challenge and redirect URI (for an already signed-in user); token checks the
 * verifier and client credentials and mints iss from the Host and X-Forwarded-Proto it received, exactly
 * like Authentik does. Refresh tokens as in Authentik's token view ({@link RefreshTokens}); the refreshed ID
 * token carries no nonce. ID tokens carry sid, Authentik's session id, which
 * back-channel logout tokens ({@link #logoutToken}) name.
 */
public final class FakeSignIn {

    record Client(String slug, String secret, SigningKey key) {
    }

    /** A person who signs in at the form ({@link #loginForm}): password and the claims Authentik would issue. */
    record Account(String password, List<String> groups, String email, String name) {
    }

    record Grant(String clientId, String redirectUri, String challenge, String nonce, String user, List<String> groups,
            String scope, String sid) {
    }

    private final RefreshTokens refreshes = new RefreshTokens();
    private volatile String lastSid;

    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private volatile boolean loginForm;
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final AtomicInteger tokenCalls = new AtomicInteger();
    private volatile String user = "alice";
    private volatile List<String> groups = List.of("admins", "staff");
    private volatile long idTokenLifetimeSeconds = 3600;
    private volatile String lastTokenHost;

    public void client(String slug, String clientId, String secret, SigningKey key) {
        clients.put(clientId, new Client(slug, secret, key));
    }

    /** The signing keys of every client's provider. */
    java.util.Collection<SigningKey> keys() {
        return clients.values().stream().map(Client::key).toList();
    }

    /** A person who can sign in at the form, with their password, groups and email. */
    public void account(String user, String password, List<String> groups, String email) {
        accounts.put(user, new Account(password, List.copyOf(groups), email, user));
    }

    /**
     * On: authorize shows an HTML sign-in form and issues the code once an account's password is posted (dev mode,
     * a person at a browser). Off (tests): authorize approves the {@link #user} at once, as Authentik does for a
     * browser that already has an Authentik session.
     */
    public void loginForm(boolean on) {
        this.loginForm = on;
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

    /** refresh_token grants answered so far (any outcome). */
    public int refreshCalls() {
        return refreshes.calls();
    }

    /** Refresh grants that presented an already revoked refresh token (Authentik: "suspicious request"). */
    public int revokedReuse() {
        return refreshes.revokedReuse();
    }

    /** The provider of this client has no offline_access scope mapping: no refresh token is issued. */
    public void withoutOfflineAccess(String clientId) {
        refreshes.withoutOfflineAccess(clientId);
    }

    /** The user is deactivated / their Authentik sessions ended: every refresh token of theirs is refused. */
    public void endSessionsOf(String user) {
        refreshes.endSessionsOf(user);
    }

    public void reactivate(String user) {
        refreshes.reactivate(user);
    }

    /** Each refresh answer waits this long: concurrent requests then overlap the refresh. */
    public void refreshDelayMillis(long millis) {
        refreshes.delayMillis(millis);
    }

    /** The sid of the last sign-in (Authentik's session id as the ID token names it). */
    public String lastSid() {
        return lastSid;
    }

    /**
     * A back-channel logout token as Authentik's provider signs it: iss, aud, iat, jti, events, sid and/or sub,
     * typ logout+jwt; {@code tweak} changes claims or the header before signing.
     */
    public String logoutToken(String clientId, String sub, String sid, java.util.function.Consumer<org.jose4j.jws.JsonWebSignature> header,
            java.util.function.Consumer<org.jose4j.jwt.JwtClaims> tweak) {
        Client client = clients.get(clientId);
        return LogoutTokenSigner.sign(client.slug(), clientId, client.key(), sub, sid, header, tweak);
    }

    public String lastTokenHost() {
        return lastTokenHost;
    }

    void authorize(HttpExchange exchange) throws IOException {
        if (!loginForm) {
            authorize(exchange, exchange.getRequestURI().getRawQuery(), user, groups);
            return;
        }
        if (!"POST".equals(exchange.getRequestMethod())) {
            LoginPage.show(exchange, exchange.getRequestURI().getRawQuery() == null ? "" : exchange.getRequestURI().getRawQuery(), null);
            return;
        }
        Map<String, String> form = Forms.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String query = form.getOrDefault("query", "");
        String name = form.getOrDefault("username", "");
        Account account = accounts.get(name);
        if (account == null || !account.password().equals(form.get("password"))) {
            LoginPage.show(exchange, query, "Wrong username or password.");
            return;
        }
        authorize(exchange, query, name, account.groups());
    }

    private void authorize(HttpExchange exchange, String rawQuery, String user, List<String> groups) throws IOException {
        Map<String, String> q = Forms.parse(rawQuery);
        Client client = clients.get(q.get("client_id"));
        if (client == null || !"code".equals(q.get("response_type")) || !"S256".equals(q.get("code_challenge_method"))
                || q.get("code_challenge") == null || q.get("redirect_uri") == null) {
            FakeAuthentik.send(exchange, 400, "{\"error\":\"invalid_request\"}");
            return;
        }
        String code = UUID.randomUUID().toString();
        String sid = UUID.randomUUID().toString().replace("-", "");
        lastSid = sid;
        codes.put(code, new Grant(q.get("client_id"), q.get("redirect_uri"), q.get("code_challenge"), q.get("nonce"),
                user, groups, q.getOrDefault("scope", ""), sid));
        String location = q.get("redirect_uri") + "?code=" + Forms.enc(code) + "&state=" + Forms.enc(q.get("state"));
        exchange.getResponseHeaders().set("Location", location);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    void token(HttpExchange exchange) throws IOException {
        tokenCalls.incrementAndGet();
        String host = exchange.getRequestHeaders().getFirst("Host");
        lastTokenHost = host;
        String proto = exchange.getRequestHeaders().getFirst("X-Forwarded-Proto");
        Map<String, String> form = Forms.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if ("refresh_token".equals(form.get("grant_type"))) {
            refresh(exchange, host, proto, form);
            return;
        }
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
                || !grant.challenge().equals(Forms.s256(form.get("code_verifier")))) {
            FakeAuthentik.send(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        Tokens tokens = tokens(client, grant.clientId(), host, proto, grant.user(), grant.groups(), grant.sid());
        String access = tokens.sign(client.key());
        String id = tokens.claim("nonce", grant.nonce()).sign(client.key());
        String token = refreshes.issue(grant.clientId(), grant.user(), grant.scope(), grant.sid());
        String refresh = token == null ? "" : ",\"refresh_token\":\"" + token + "\"";
        FakeAuthentik.send(exchange, 200, "{\"access_token\":\"" + access + "\",\"id_token\":\"" + id
                + "\",\"token_type\":\"Bearer\",\"expires_in\":" + idTokenLifetimeSeconds + refresh + "}");
    }

    private Tokens tokens(Client client, String clientId, String host, String proto, String user, List<String> groups,
            String sid) {
        String issuer = (proto == null ? "http" : proto) + "://" + host + "/application/o/" + client.slug() + "/";
        Tokens tokens = Tokens.forApp(client.slug(), clientId).issuer(issuer).username(user).claim("sid", sid)
                .groups(groups.toArray(String[]::new)).expiresInSeconds(idTokenLifetimeSeconds);
        Account account = accounts.get(user);
        if (account != null) {
            tokens.claim("sub", "sub-" + user).claim("email", account.email()).claim("name", account.name())
                    .groups(account.groups().toArray(String[]::new));
        }
        return tokens;
    }

    private void refresh(HttpExchange exchange, String host, String proto, Map<String, String> form) throws IOException {
        refreshes.arrived();
        Client client = clients.get(form.get("client_id"));
        if (client == null || (client.secret() != null && !client.secret().equals(form.get("client_secret")))) {
            FakeAuthentik.send(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        RefreshTokens.Refresh next = refreshes.redeem(exchange, form);
        if (next == null) {
            return;
        }
        Tokens tokens = tokens(client, next.clientId, host, proto, next.user, groups, next.sid);
        FakeAuthentik.send(exchange, 200, "{\"access_token\":\"" + tokens.sign(client.key()) + "\",\"id_token\":\""
                + tokens.sign(client.key()) + "\",\"token_type\":\"Bearer\",\"expires_in\":" + idTokenLifetimeSeconds
                + ",\"refresh_token\":\"" + next.token + "\"}");
    }

    public static Map<String, String> queryOf(String url) {
        return Forms.parse(URI.create(url).getRawQuery());
    }
}
