package dev.scalr.gateway.signin;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.session.SessionCookies;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sign-ins a browser has started with one app and not finished, held in one sealed cookie so that abandoned
 * ones (tabs, back buttons, bots) cannot pile up: at most {@link #MAX} (the oldest evicted first), and never so many
 * that the gateway's cookies on the app's host would take {@link #BUDGET} bytes or more of the Cookie header the
 * app receives. Two tabs signing in at once still both finish.
 */
final class LoginsInFlight {

    /** Sign-ins kept per app and browser. */
    static final int MAX = 4;
    /**
     * Bytes of the Cookie header the gateway's cookies may take on one host: under the 4 KB a browser keeps per
     * cookie, and half of the 8 KB header limit of nginx, Tomcat and gunicorn, leaving the rest to the app.
     */
    static final int BUDGET = 4000;
    private static final int SEPARATOR = 2; // "; " between two cookies

    private final LoginCookies cookies;
    private final Duration timeout;
    private final Clock clock;

    LoginsInFlight(LoginCookies cookies, Duration timeout, Clock clock) {
        this.cookies = cookies;
        this.timeout = timeout;
        this.clock = clock;
    }

    /**
     * Set-Cookie for a new sign-in beside those still in flight. A session cookie the request carried counts
     * against the budget; when even the new sign-in alone does not fit beside it, it is cleared (it did not open,
     * or its user is signing in again anyway).
     */
    List<String> start(App app, ForwardedRequest request, LoginState login) {
        long now = clock.instant().getEpochSecond();
        List<LoginState> kept = new ArrayList<>();
        for (LoginState earlier : cookies.readLogins(app, request)) {
            if (earlier.expiresAt() >= now && earlier.slug().equals(app.slug()) && !earlier.state().equals(login.state())) {
                kept.add(earlier);
            }
        }
        kept.add(login);
        int session = cookies.sessions().sessionBytes(app, request);
        Optional<String> fitting = fit(app, kept, request.https(), session);
        if (fitting.isPresent()) {
            return List.of(fitting.get());
        }
        // a return path of raw non-ASCII may not fit even alone: the sign-in then lands on "/"
        String alone = fit(app, List.of(login), request.https(), 0).orElseGet(() -> fit(app, List.of(new LoginState(
                login.slug(), login.state(), login.nonce(), login.verifier(), "/", login.expiresAt())), request.https(), 0)
                .orElseThrow());
        return session > 0 ? List.of(alone, cookies.sessions().clearSession(app, request.https())) : List.of(alone);
    }

    /** The sign-in this callback's state names, if the browser still holds it. */
    Optional<LoginState> find(App app, ForwardedRequest request, String state) {
        if (!LoginCookies.wellFormedState(state)) {
            return Optional.empty();
        }
        return cookies.readLogins(app, request).stream().filter(login -> login.state().equals(state)).findFirst();
    }

    /**
     * Set-Cookie for what stays in flight once the callback of {@code state} is answered (nothing when the browser
     * did not hold it).
     *
     * @param sessionBytes the share of the Cookie header of the session cookie this answer sets (0 for none)
     */
    List<String> finish(App app, ForwardedRequest request, String state, int sessionBytes) {
        List<LoginState> held = cookies.readLogins(app, request);
        List<LoginState> rest = held.stream().filter(login -> !login.state().equals(state)).toList();
        if (rest.size() == held.size()) {
            return List.of();
        }
        long now = clock.instant().getEpochSecond();
        rest = rest.stream().filter(login -> login.expiresAt() >= now).toList();
        return List.of(rest.isEmpty() ? cookies.clearLogins(app, request.https())
                : fit(app, rest, request.https(), sessionBytes).orElseGet(() -> cookies.clearLogins(app, request.https())));
    }

    /** The newest sign-ins (at most MAX) whose cookie fits the budget beside {@code otherBytes}; empty if none does. */
    private Optional<String> fit(App app, List<LoginState> logins, boolean https, int otherBytes) {
        int from = Math.max(0, logins.size() - MAX);
        while (from < logins.size()) {
            String setCookie = cookies.issueLogins(app, logins.subList(from, logins.size()), https, timeout);
            int total = SessionCookies.sentBytes(setCookie) + (otherBytes > 0 ? otherBytes + SEPARATOR : 0);
            if (total < BUDGET) {
                return Optional.of(setCookie);
            }
            from++;
        }
        return Optional.empty();
    }
}
