package dev.scalr.gateway.dev.authentik;

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
 * like Authentik does. Refresh tokens as in Authentik's token view: issued only when the granted scope holds
 * offline_access (and the provider offers it), every refresh returns a new one and revokes the one used,
 * reusing a revoked one is 400 invalid_grant (Authentik also records a suspicious-request event: counted
 * here), the refreshed ID token carries no nonce. ID tokens carry sid, Authentik's session id, which
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

    /** A refresh token: whose, which Authentik session, and whether it was revoked (used, or session ended). */
    static final class Refresh {
        final String clientId;
        final String user;
        final String scope;
        final String sid;
        volatile boolean revoked;

        Refresh(String clientId, String user, String scope, String sid) {
            this.clientId = clientId;
            this.user = user;
            this.scope = scope;
            this.sid = sid;
        }
    }

    private final Map<String, Refresh> refreshTokens = new ConcurrentHashMap<>();
    private final java.util.Set<String> noOfflineAccess = ConcurrentHashMap.newKeySet();
    private final AtomicInteger refreshCalls = new AtomicInteger();
    private final AtomicInteger revokedReuse = new AtomicInteger();
    private final java.util.Set<String> deactivated = ConcurrentHashMap.newKeySet();
    private volatile long refreshDelayMillis;
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
        return refreshCalls.get();
    }

    /** Refresh grants that presented an already revoked refresh token (Authentik: "suspicious request"). */
    public int revokedReuse() {
        return revokedReuse.get();
    }

    /** The provider of this client has no offline_access scope mapping: no refresh token is issued. */
    public void withoutOfflineAccess(String clientId) {
        noOfflineAccess.add(clientId);
    }

    /** The user is deactivated / their Authentik sessions ended: every refresh token of theirs is refused. */
    public void endSessionsOf(String user) {
        deactivated.add(user);
        refreshTokens.values().stream().filter(r -> r.user.equals(user)).forEach(r -> r.revoked = true);
    }

    public void reactivate(String user) {
        deactivated.remove(user);
    }

    /** Each refresh answer waits this long: concurrent requests then overlap the refresh. */
    public void refreshDelayMillis(long millis) {
        this.refreshDelayMillis = millis;
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
        org.jose4j.jwt.JwtClaims claims = new org.jose4j.jwt.JwtClaims();
        claims.setIssuer(Tokens.PUBLIC_AUTHENTIK + "/application/o/" + client.slug() + "/");
        claims.setAudience(clientId);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(2);
        claims.setJwtId(UUID.randomUUID().toString());
        claims.setClaim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()));
        if (sub != null) {
            claims.setSubject(sub);
        }
        if (sid != null) {
            claims.setClaim("sid", sid);
        }
        tweak.accept(claims);
        org.jose4j.jws.JsonWebSignature jws = new org.jose4j.jws.JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(client.key().jwk().getPrivateKey());
        jws.setAlgorithmHeaderValue(client.key().alg());
        jws.setKeyIdHeaderValue(client.key().kid());
        jws.setHeader("typ", "logout+jwt");
        header.accept(jws);
        try {
            return jws.getCompactSerialization();
        } catch (org.jose4j.lang.JoseException e) {
            throw new IllegalStateException(e);
        }
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
        Map<String, String> form = parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
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
        Map<String, String> q = parse(rawQuery);
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
                || !grant.challenge().equals(s256(form.get("code_verifier")))) {
            FakeAuthentik.send(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        Tokens tokens = tokens(client, grant.clientId(), host, proto, grant.user(), grant.groups(), grant.sid());
        String access = tokens.sign(client.key());
        String id = tokens.claim("nonce", grant.nonce()).sign(client.key());
        String refresh = "";
        if (List.of(grant.scope().split(" ")).contains("offline_access") && !noOfflineAccess.contains(grant.clientId())) {
            String token = UUID.randomUUID().toString();
            refreshTokens.put(token, new Refresh(grant.clientId(), grant.user(), grant.scope(), grant.sid()));
            refresh = ",\"refresh_token\":\"" + token + "\"";
        }
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
        refreshCalls.incrementAndGet();
        if (refreshDelayMillis > 0) {
            try {
                Thread.sleep(refreshDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Client client = clients.get(form.get("client_id"));
        if (client == null || (client.secret() != null && !client.secret().equals(form.get("client_secret")))) {
            FakeAuthentik.send(exchange, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        Refresh used = refreshTokens.get(form.getOrDefault("refresh_token", ""));
        if (used == null || !used.clientId.equals(form.get("client_id"))) {
            FakeAuthentik.send(exchange, 400, "{\"error\":\"invalid_grant\"}");
            return;
        }
        synchronized (used) {
            if (used.revoked) {
                if (!deactivated.contains(used.user)) {
                    revokedReuse.incrementAndGet();
                }
                FakeAuthentik.send(exchange, 400, "{\"error\":\"invalid_grant\"}");
                return;
            }
            // a narrower or wider scope, or one without offline_access, is invalid_scope; none keeps the original
            String scope = form.get("scope");
            if (scope != null && (!List.of(used.scope.split(" ")).containsAll(List.of(scope.split(" ")))
                    || !List.of(scope.split(" ")).contains("offline_access"))) {
                FakeAuthentik.send(exchange, 400, "{\"error\":\"invalid_scope\"}");
                return;
            }
            used.revoked = true;
        }
        String token = UUID.randomUUID().toString();
        refreshTokens.put(token, new Refresh(used.clientId, used.user, used.scope, used.sid));
        Tokens tokens = tokens(client, used.clientId, host, proto, used.user, groups, used.sid);
        FakeAuthentik.send(exchange, 200, "{\"access_token\":\"" + tokens.sign(client.key()) + "\",\"id_token\":\""
                + tokens.sign(client.key()) + "\",\"token_type\":\"Bearer\",\"expires_in\":" + idTokenLifetimeSeconds
                + ",\"refresh_token\":\"" + token + "\"}");
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
