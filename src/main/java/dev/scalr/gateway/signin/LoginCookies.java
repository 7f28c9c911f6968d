package dev.scalr.gateway.signin;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.session.CookieSealer;
import dev.scalr.gateway.session.Deflate;
import dev.scalr.gateway.session.SessionCookies;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The login cookie: one per app, holding every sign-in in flight ({@link LoginsInFlight}), sealed like the session
 * cookie and named after the same rules ({@link SessionCookies#hostPrefixed}).
 */
final class LoginCookies {

    private static final String LOGIN_PREFIX = "_scalr_login_";
    private static final String HOST_PREFIX = "__Host-";
    private static final Pattern STATE = Pattern.compile("[A-Za-z0-9_-]{43}");
    /** First plaintext byte of a deflated login list. */
    private static final byte DEFLATED = 'Z';

    private final SessionCookies sessions;
    private final CookieSealer sealer;
    private final String reservedPrefix;

    LoginCookies(SessionCookies sessions, CookieSealer sealer, String reservedPrefix) {
        this.sessions = sessions;
        this.sealer = sealer;
        this.reservedPrefix = reservedPrefix;
    }

    /** The app's session cookies: the login cookie shares the Cookie header with them. */
    SessionCookies sessions() {
        return sessions;
    }

    String loginName(App app, boolean https) {
        return (sessions.hostPrefixed(https) ? HOST_PREFIX + LOGIN_PREFIX.substring(1) : LOGIN_PREFIX) + app.slug();
    }

    /** __Host- demands Path=/; otherwise the login cookie only goes to the reserved path. */
    private String loginPath(boolean https) {
        return sessions.hostPrefixed(https) ? "/" : reservedPrefix + "/";
    }

    /** Set-Cookie for the sign-ins in flight, oldest first. */
    String issueLogins(App app, List<LoginState> logins, boolean secure, Duration timeout) {
        String name = loginName(app, secure);
        return sessions.setCookie(name, sealer.seal(Deflate.pack(DEFLATED, LoginState.toJson(logins)), name),
                loginPath(secure), timeout.toSeconds(), secure);
    }

    /** States are ours (43 base64url chars); anything else cannot be a sign-in of ours. */
    static boolean wellFormedState(String state) {
        return state != null && STATE.matcher(state).matches();
    }

    /** The sign-ins in flight, oldest first; empty when absent, tampered or foreign. */
    List<LoginState> readLogins(App app, ForwardedRequest request) {
        String name = loginName(app, request.https());
        return request.cookie(name).flatMap(value -> sealer.openBytes(value, name)).map(LoginCookies::logins)
                .orElse(List.of());
    }

    String clearLogins(App app, boolean secure) {
        return sessions.setCookie(loginName(app, secure), "", loginPath(secure), 0, secure);
    }

    private static List<LoginState> logins(byte[] plain) {
        try {
            return plain.length > 0 && plain[0] == DEFLATED ? LoginState.listFromJson(Deflate.unpack(plain, 1)) : List.of();
        } catch (Exception e) {
            return List.of();
        }
    }
}
