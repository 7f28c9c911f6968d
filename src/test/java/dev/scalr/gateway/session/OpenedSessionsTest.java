package dev.scalr.gateway.session;

import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.MutableClock;
import dev.scalr.gateway.token.Identity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.scalr.gateway.session.SessionCookiesTest.ALICE;
import static dev.scalr.gateway.session.SessionCookiesTest.GRAFANA;
import static dev.scalr.gateway.session.SessionCookiesTest.NOW;
import static dev.scalr.gateway.session.SessionCookiesTest.withCookie;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The memory of opened session cookies: only the exact value, never past expiry, bounded, forgettable. */
class OpenedSessionsTest {

    private static final Identity BOB = new Identity("sub-2", "bob", "bob@example.test", "Bob", List.of(), NOW.plusSeconds(3600));

    private final String key = FakeAuthentikResource.randomKey();
    private final SessionCookies cookies = SessionCookiesTest.cookies(NOW, key);
    private final MutableClock clock = new MutableClock();
    private final AtomicInteger opens = new AtomicInteger();

    OpenedSessionsTest() {
        clock.set(NOW);
    }

    private Optional<Identity> read(OpenedSessions opened, ForwardedRequest request) {
        return opened.read(GRAFANA, request, cookies.sessionName(GRAFANA, request.https()), (app, r) -> {
            opens.incrementAndGet();
            return cookies.read(app, r);
        }).map(SessionCookie::identity);
    }

    private String cookie(Identity identity) {
        return cookies.issue(GRAFANA, identity, null, true).orElseThrow();
    }

    @Test
    void aSessionOpenedOnceIsAnsweredFromMemoryAfterwards() {
        OpenedSessions opened = new OpenedSessions(10, clock);
        ForwardedRequest request = withCookie(cookie(ALICE));
        assertEquals(Optional.of(ALICE), read(opened, request));
        assertEquals(Optional.of(ALICE), read(opened, request));
        assertEquals(Optional.of(ALICE), read(opened, withCookie(cookie(ALICE).split(";")[0])));
        assertEquals(2, opens.get(), "the same value opened once; a new cookie of the same user is another value");
    }

    @Test
    void aRememberedSessionEndsAtItsExpiry() {
        OpenedSessions opened = new OpenedSessions(10, clock);
        ForwardedRequest request = withCookie(cookie(ALICE));
        assertEquals(Optional.of(ALICE), read(opened, request));
        clock.set(ALICE.expiresAt());
        assertEquals(Optional.empty(), read(opened, request));
        assertEquals(0, opened.size(), "the expired entry is dropped");
    }

    @Test
    void anAlteredOrForeignValueIsOpenedAndNeverRemembered() {
        OpenedSessions opened = new OpenedSessions(10, clock);
        String genuine = cookie(ALICE).split(";")[0];
        assertEquals(Optional.of(ALICE), read(opened, withCookie(genuine)));
        String altered = genuine.substring(0, genuine.length() - 2) + (genuine.endsWith("AA") ? "BA" : "AA");
        String foreign = SessionCookiesTest.cookies(NOW, FakeAuthentikResource.randomKey()).issue(GRAFANA, ALICE, null, true)
                .orElseThrow();
        for (String value : List.of(altered, foreign, altered)) {
            assertEquals(Optional.empty(), read(opened, withCookie(value)));
        }
        assertEquals(4, opens.get(), "each refused value costs its own open: nothing refused is remembered");
        assertEquals(1, opened.size());
    }

    @Test
    void forgettingDropsRememberedSessions() {
        OpenedSessions opened = new OpenedSessions(10, clock);
        ForwardedRequest alice = withCookie(cookie(ALICE));
        ForwardedRequest bob = withCookie(cookie(BOB));
        read(opened, alice);
        read(opened, bob);
        opened.forgetSubject(ALICE.subject());
        read(opened, alice);
        read(opened, bob);
        assertEquals(3, opens.get(), "alice's session was opened again, bob's was still remembered");
        opened.forgetAll();
        read(opened, alice);
        read(opened, bob);
        assertEquals(5, opens.get());
    }

    @Test
    void theMemoryIsBounded() {
        OpenedSessions opened = new OpenedSessions(2, clock);
        for (int i = 0; i < 5; i++) {
            Identity user = new Identity("sub-" + i, "user" + i, "", "", List.of(), NOW.plusSeconds(3600));
            assertEquals(Optional.of(user), read(opened, withCookie(cookie(user))));
        }
        assertTrue(opened.size() <= 2, "size " + opened.size());
    }

    @Test
    void aCookieSentTwiceIsNoSessionAndIsNotOpened() {
        OpenedSessions opened = new OpenedSessions(10, clock);
        String value = cookie(ALICE).split(";")[0];
        read(opened, withCookie(value));
        ForwardedRequest twice = new ForwardedRequest("GET", "https", "grafana.example.test", null, "/", "/", "",
                Optional.empty(), Optional.of(value + "; " + value), "text/html", false);
        assertEquals(Optional.empty(), read(opened, twice));
        assertEquals(1, opens.get());
    }
}
