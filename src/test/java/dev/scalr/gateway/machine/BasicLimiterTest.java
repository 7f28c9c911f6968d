package dev.scalr.gateway.machine;

import dev.scalr.gateway.dev.authentik.FakeAppPasswords;
import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.Gateway;
import dev.scalr.gateway.web.AuthListener;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static dev.scalr.gateway.machine.BasicCredentialsTest.assertBasicChallengeFirst;
import static dev.scalr.gateway.machine.BasicCredentialsTest.basic;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Basic failure limiter against what an attacker can do: send many guesses at once, write any address into
 * X-Forwarded-For left of what Traefik appends, hold a whole IPv6 /64. It counts attempts in flight, keys the
 * address Traefik saw (the rightmost untrusted entry, IPv6 by /64), and never stands between a client and a
 * credential the gateway has already verified.
 */
@QuarkusTest
@WithTestResource(OutpostResource.class)
class BasicLimiterTest {

    static final String DAV = BasicCredentialsTest.DAV;
    private static int users;

    @Inject
    AuthListener listener;

    @BeforeEach
    void ready() {
        Gateway.awaitReady();
        RestAssured.port = listener.port();
        stand().delayMillis(0);
    }

    static FakeAppPasswords stand() {
        return FakeAuthentikResource.server().appPasswords();
    }

    /** A user of its own, so no other test has cached its password. */
    private static String[] newUser() {
        String user = "limit-bot-" + (++users);
        stand().appPassword(user, "pw-" + user, List.of("staff"), List.of());
        return new String[] {user, "pw-" + user};
    }

    private static Response send(String forwardedFor, String authorization) {
        return given().header("X-Forwarded-Host", DAV).header("X-Forwarded-For", forwardedFor)
                .header("X-Forwarded-Uri", "/remote.php/dav").header("Authorization", authorization).get("/auth");
    }

    @Test
    void fortyConcurrentWrongPasswordsReachAuthentikAtMostMaxFailuresTimes() throws Exception {
        stand().delayMillis(300);
        int before = stand().calls();
        ExecutorService pool = Executors.newFixedThreadPool(40);
        try {
            List<CompletableFuture<Response>> guesses = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                String password = "concurrent-guess-" + i;
                guesses.add(CompletableFuture.supplyAsync(() -> send("198.51.100.200", basic("webdav-bot", password)), pool));
            }
            for (CompletableFuture<Response> guess : guesses) {
                Response answer = guess.join();
                assertEquals(401, answer.statusCode(), answer.asString());
                String reason = answer.jsonPath().getString("reason");
                assertTrue(reason.equals("invalid_credentials") || reason.equals("too_many_failures"), reason);
            }
        } finally {
            pool.shutdownNow();
        }
        int calls = stand().calls() - before;
        assertTrue(calls >= 1 && calls <= OutpostResource.MAX_FAILURES,
                calls + " client_credentials calls for 40 concurrent guesses, max-failures " + OutpostResource.MAX_FAILURES);
    }

    @Test
    void aCachedGoodCredentialIsStillAnsweredWhileItsAddressIsLimited() {
        String[] user = newUser();
        assertEquals(200, send("198.51.100.201", basic(user[0], user[1])).statusCode());
        for (int i = 0; i < OutpostResource.MAX_FAILURES; i++) {
            assertBasicChallengeFirst(send("198.51.100.201", basic(user[0], "guess-" + i)), "invalid_credentials");
        }
        assertBasicChallengeFirst(send("198.51.100.201", basic(user[0], "guess-next")), "too_many_failures");
        int before = stand().calls();
        Response known = send("198.51.100.201", basic(user[0], user[1]));
        assertEquals(200, known.statusCode(), known.asString());
        assertEquals(user[0], known.header("X-authentik-username"));
        assertEquals(before, stand().calls(), "answered from the cache");
    }

    @Test
    void failuresSentUnderAVictimsAddressLockOutOnlyTheSender() {
        String[] victim = newUser();
        for (int i = 0; i <= OutpostResource.MAX_FAILURES; i++) {
            send("192.0.2.77, 203.0.113.66", basic(victim[0], "attack-" + i));
        }
        assertBasicChallengeFirst(send("192.0.2.77, 203.0.113.66", basic(victim[0], "attack-next")), "too_many_failures");
        Response response = send("192.0.2.77", basic(victim[0], victim[1]));
        assertEquals(200, response.statusCode(), response.asString());
    }

    @Test
    void changingTheLeftmostEntryDoesNotEscapeTheLimit() {
        for (int i = 0; i < OutpostResource.MAX_FAILURES; i++) {
            send("198.51.100." + i + ", 203.0.113.67", basic("webdav-bot", "rotating-" + i));
        }
        int before = stand().calls();
        assertBasicChallengeFirst(send("198.51.100.99, 203.0.113.67", basic("webdav-bot", "rotating-next")),
                "too_many_failures");
        assertEquals(before, stand().calls());
    }

    @Test
    void anIpv6ClientIsLimitedByItsSlash64() {
        for (int i = 1; i <= OutpostResource.MAX_FAILURES; i++) {
            send("2001:db8:aa:1::" + i, basic("webdav-bot", "v6-guess-" + i));
        }
        assertBasicChallengeFirst(send("2001:db8:aa:1:ffff::99", basic("webdav-bot", "v6-guess-next")), "too_many_failures");
        assertBasicChallengeFirst(send("2001:db8:aa:2::1", basic("webdav-bot", "v6-other-net")), "invalid_credentials");
    }
}
