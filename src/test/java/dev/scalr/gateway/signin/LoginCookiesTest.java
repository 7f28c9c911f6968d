package dev.scalr.gateway.signin;

import dev.scalr.gateway.session.CookieSealer;
import dev.scalr.gateway.session.SessionCookies;
import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.SessionSettings;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;

import static dev.scalr.gateway.session.SessionCookiesTest.GRAFANA;
import static dev.scalr.gateway.session.SessionCookiesTest.NOW;
import static dev.scalr.gateway.session.SessionCookiesTest.withCookie;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The login cookie: named and scoped like the session cookie. */
class LoginCookiesTest {

    @Test
    void hostPrefixedLoginCookieHasRootPathAndNoDomain() {
        CookieSealer sealer = CookieSealer.fromBase64(List.of(FakeAuthentikResource.randomKey()));
        LoginCookies cookies = new LoginCookies(new SessionCookies(sealer,
                SessionSettings.sealed(List.of(FakeAuthentikResource.randomKey()), Optional.empty()),
                Clock.fixed(NOW, ZoneOffset.UTC)), sealer, "/.scalr-auth");
        LoginState login = new LoginState("grafana", "s".repeat(43), "n", "v", "/", NOW.getEpochSecond() + 600);
        String cookie = cookies.issueLogins(GRAFANA, List.of(login), true, Duration.ofMinutes(10));
        assertTrue(cookie.startsWith("__Host-scalr_login_grafana="), cookie);
        assertTrue(cookie.contains("; Path=/;") && cookie.contains("; Secure") && !cookie.contains("Domain="), cookie);
        assertEquals(List.of(login), cookies.readLogins(GRAFANA, withCookie(cookie)));
        assertTrue(cookies.clearLogins(GRAFANA, true).startsWith("__Host-scalr_login_grafana=;"));
    }
}
