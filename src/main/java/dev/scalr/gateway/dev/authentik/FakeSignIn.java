package dev.scalr.gateway.dev.authentik;

import com.sun.net.httpserver.HttpExchange;
import dev.scalr.gateway.dev.authentik.AuthentikSessions.SignInEvent;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
 * back-channel logout tokens ({@link #logoutToken}) name, and auth_time and amr of the sign-in they come from,
 * which prompt=login and max_age make anew ({@link AuthentikSessions}).
 */
public final class FakeSignIn {

    record Client(String slug, String secret, SigningKey key) {
    }

    record Grant(String clientId, String redirectUri, String challenge, String nonce, String user, List<String> groups,
            String scope, String sid, SignInEvent event) {
    }

    private final RefreshTokens refreshes = new RefreshTokens();
    private final AuthentikSessions sessions = new AuthentikSessions(Clock.systemUTC());
    private volatile String lastSid;

    private final Map<String, Client> clients = new ConcurrentHashMap<>();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final AtomicInteger tokenCalls = new AtomicInteger();
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
        sessions.account(user, password, groups, email);
    }

    /**
     * On: authorize shows an HTML sign-in form and issues the code once an account's password is posted (dev mode,
     * a person at a browser), and remembers them in a cookie on its host. Off (tests): authorize approves the
     * {@link #user} at once, as Authentik does for a browser that already has an Authentik session.
     */
    public void loginForm(boolean on) {
        sessions.loginForm(on);
    }

    /** Without the form: the person always signed in at Authentik, and their groups. */
    public void user(String user, String... groups) {
        sessions.user(user, List.of(groups));
    }

    /** Whether the person uses a second factor (amr mfa) when they sign in anew: the form's one-time code, else this. */
    public void mfa(boolean on) {
        sessions.mfa(on);
    }

    /**
     * Without the form: the person's sign-in at Authentik was so many seconds ago (auth_time), with a second factor
     * or not (amr). Until a sign-in is asked for again (prompt=login, max_age), every token says so.
     */
    public void signedIn(long secondsAgo, boolean secondFactor) {
        sessions.signedIn(secondsAgo, secondFactor);
    }

    /** Sign-ins made again because the authorize request asked for one (prompt=login, or a max_age exceeded). */
    public int reauthentications() {
        return sessions.reauthentications();
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

    /** Authentik's authorize: a code for whoever is signed in, once the stand-in's sign-in (if any) is done. */
    void authorize(HttpExchange exchange) throws IOException {
        AuthentikSessions.Approval approval = sessions.approve(exchange);
        if (approval != null) {
            authorize(exchange, approval.rawQuery(), approval.user(), approval.groups(), approval.event());
        }
    }

    /** Authentik's end-session: its own session (the form's cookie) ends. */
    void endSession(HttpExchange exchange) {
        sessions.end(exchange);
    }

    private void authorize(HttpExchange exchange, String rawQuery, String user, List<String> groups, SignInEvent event)
            throws IOException {
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
                user, groups, q.getOrDefault("scope", ""), sid, event));
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
        Tokens tokens = tokens(client, grant.clientId(), host, proto, grant.user(), grant.groups(), grant.sid(),
                grant.event());
        String access = tokens.sign(client.key());
        String id = tokens.claim("nonce", grant.nonce()).sign(client.key());
        String token = refreshes.issue(grant.clientId(), grant.user(), grant.scope(), grant.sid(), grant.event());
        String refresh = token == null ? "" : ",\"refresh_token\":\"" + token + "\"";
        FakeAuthentik.send(exchange, 200, "{\"access_token\":\"" + access + "\",\"id_token\":\"" + id
                + "\",\"token_type\":\"Bearer\",\"expires_in\":" + idTokenLifetimeSeconds + refresh + "}");
    }

    /** Access and ID token alike; auth_time and amr from the sign-in the grant came from, as Authentik's id_token.py. */
    private Tokens tokens(Client client, String clientId, String host, String proto, String user, List<String> groups,
            String sid, SignInEvent event) {
        String issuer = (proto == null ? "http" : proto) + "://" + host + "/application/o/" + client.slug() + "/";
        Tokens tokens = Tokens.forApp(client.slug(), clientId).issuer(issuer).username(user).claim("sid", sid)
                .groups(groups.toArray(String[]::new)).expiresInSeconds(idTokenLifetimeSeconds)
                .claim("auth_time", event.authTime()).claim("amr", event.amr());
        AuthentikSessions.Account account = sessions.account(user);
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
        Tokens tokens = tokens(client, next.clientId, host, proto, next.user, sessions.groups(), next.sid, next.event);
        FakeAuthentik.send(exchange, 200, "{\"access_token\":\"" + tokens.sign(client.key()) + "\",\"id_token\":\""
                + tokens.sign(client.key()) + "\",\"token_type\":\"Bearer\",\"expires_in\":" + idTokenLifetimeSeconds
                + ",\"refresh_token\":\"" + next.token + "\"}");
    }

    public static Map<String, String> queryOf(String url) {
        return Forms.parse(URI.create(url).getRawQuery());
    }
}
