package dev.scalr.gateway.dev.authentik;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who is signed in at the stand-in, as Authentik's authorize view reads its own session
 * (providers/oauth2/views/authorize.py): who, when ({@code auth_time}) and how ({@code amr},
 * providers/oauth2/id_token.py: "pwd" for a password, "mfa" when an MFA device was used). prompt=login asks for a
 * new sign-in even with a session; max_age asks for one when the last is older than that many seconds.
 *
 * <p>Without the form (tests) one person ({@link #user}) is always signed in, since the stand-in started or as
 * {@link #signedIn} says; a new sign-in asked for is made at once, as if the person had typed their password again
 * (with a second factor when {@link #mfa} is on). With the form (dev mode) the browser's session is a cookie on the
 * stand-in's host, set when an account's password is posted (a six-digit one-time code with it stands for a second
 * factor: the stand-in has no device to check it against) and ended at end-session.
 */
final class AuthentikSessions {

    /** A sign-in at Authentik: what its tokens say in auth_time and amr, kept across refreshes. */
    record SignInEvent(long authTime, List<String> amr) {

        static SignInEvent now(Clock clock, boolean secondFactor) {
            return new SignInEvent(clock.instant().getEpochSecond(),
                    secondFactor ? List.of("pwd", "mfa") : List.of("pwd"));
        }
    }

    /** A person who signs in at the form: password and the claims Authentik would issue. */
    record Account(String password, List<String> groups, String email, String name) {
    }

    /** Someone signed in, and the authorize request (its raw query) they are approved for. */
    record Approval(String rawQuery, String user, List<String> groups, SignInEvent event) {
    }

    static final String COOKIE = "authentik_session";

    private record Session(String user, List<String> groups, SignInEvent event) {
    }

    private final Clock clock;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final Map<String, Session> byCookie = new ConcurrentHashMap<>();
    private final AtomicInteger reauthentications = new AtomicInteger();
    private volatile boolean loginForm;
    private volatile String user = "alice";
    private volatile List<String> groups = List.of("admins", "staff");
    private volatile boolean mfa;
    private volatile SignInEvent implicit;

    AuthentikSessions(Clock clock) {
        this.clock = clock;
        this.implicit = SignInEvent.now(clock, false);
    }

    void account(String name, String password, List<String> groups, String email) {
        accounts.put(name, new Account(password, List.copyOf(groups), email, name));
    }

    Account account(String name) {
        return accounts.get(name);
    }

    void loginForm(boolean on) {
        this.loginForm = on;
    }

    void user(String name, List<String> groups) {
        this.user = name;
        this.groups = groups;
    }

    /** The always signed-in person's groups now (a refresh reads them again, as Authentik does). */
    List<String> groups() {
        return groups;
    }

    /** Whether the person uses a second factor when they sign in again (asked by prompt=login or max_age). */
    void mfa(boolean on) {
        this.mfa = on;
    }

    /** The always signed-in person's current sign-in: so many seconds ago, with a second factor or not. */
    void signedIn(long secondsAgo, boolean secondFactor) {
        SignInEvent now = SignInEvent.now(clock, secondFactor);
        this.implicit = new SignInEvent(now.authTime() - secondsAgo, now.amr());
    }

    int reauthentications() {
        return reauthentications.get();
    }

    /** Who the authorize request is approved for; null when a page (the form, or its error) was the answer. */
    Approval approve(HttpExchange exchange) throws IOException {
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> query = Forms.parse(rawQuery);
        if (!loginForm) {
            if (asksForNewSignIn(query, implicit)) {
                reauthentications.incrementAndGet();
                implicit = SignInEvent.now(clock, mfa);
            }
            return new Approval(rawQuery, user, groups, implicit);
        }
        if ("POST".equals(exchange.getRequestMethod())) {
            return posted(exchange);
        }
        Session session = session(exchange);
        if (session != null && asksForNewSignIn(query, session.event())) {
            reauthentications.incrementAndGet();
            session = null;
        }
        if (session == null) {
            LoginPage.show(exchange, rawQuery == null ? "" : rawQuery, null);
            return null;
        }
        return new Approval(rawQuery, session.user(), session.groups(), session.event());
    }

    /** The form, posted: the right password starts a session (its cookie on the answer), with the query it was for. */
    private Approval posted(HttpExchange exchange) throws IOException {
        Map<String, String> form = Forms.parse(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String rawQuery = form.getOrDefault("query", "");
        String name = form.getOrDefault("username", "");
        Account account = accounts.get(name);
        if (account == null || !account.password().equals(form.get("password"))) {
            LoginPage.show(exchange, rawQuery, "Wrong username or password.");
            return null;
        }
        String code = form.getOrDefault("otp", "").strip();
        if (!code.isEmpty() && !code.matches("[0-9]{6}")) {
            LoginPage.show(exchange, rawQuery, "A one-time code has six digits.");
            return null;
        }
        Session session = new Session(name, account.groups(), SignInEvent.now(clock, !code.isEmpty()));
        String id = UUID.randomUUID().toString();
        byCookie.put(id, session);
        exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=" + id + "; Path=/; HttpOnly; SameSite=Lax");
        return new Approval(rawQuery, name, account.groups(), session.event());
    }

    /** End-session: the browser's session at the form ends, its cookie is cleared. */
    void end(HttpExchange exchange) {
        String id = cookie(exchange);
        if (id != null) {
            byCookie.remove(id);
            exchange.getResponseHeaders().add("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");
        }
    }

    /** prompt=login, or a max_age the last sign-in is older than (Authentik compares with '>'). */
    private boolean asksForNewSignIn(Map<String, String> query, SignInEvent event) {
        if (List.of(query.getOrDefault("prompt", "").split(" ")).contains("login")) {
            return true;
        }
        String maxAge = query.get("max_age");
        return maxAge != null && maxAge.matches("[0-9]{1,9}")
                && clock.instant().getEpochSecond() - event.authTime() > Long.parseLong(maxAge);
    }

    private Session session(HttpExchange exchange) {
        String id = cookie(exchange);
        return id == null ? null : byCookie.get(id);
    }

    private static String cookie(HttpExchange exchange) {
        for (String header : exchange.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String pair : header.split(";")) {
                String trimmed = pair.strip();
                if (trimmed.startsWith(COOKIE + "=")) {
                    return trimmed.substring(COOKIE.length() + 1);
                }
            }
        }
        return null;
    }
}
