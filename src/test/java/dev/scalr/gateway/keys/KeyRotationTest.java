package dev.scalr.gateway.keys;

import dev.scalr.gateway.dev.authentik.FakeAuthentik;
import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.Gateway;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keys change without a restart, and made-up kids cannot make the gateway hammer Authentik. */
@QuarkusTest
@WithTestResource(FakeAuthentikResource.class)
class KeyRotationTest {

    @BeforeEach
    void ready() {
        Gateway.awaitReady();
    }

    @Test
    void tokenWithNewKidPassesOnFirstRequestAfterJwksPublishesIt() {
        FakeAuthentik authentik = FakeAuthentikResource.server();
        SigningKey next = SigningKey.rsa();
        authentik.publish("rotate", SigningKey.jwks(next));
        int before = authentik.fetches("rotate");

        given().header("Authorization", "Bearer " + Tokens.forApp("rotate", "rotate-client").sign(next))
                .get("/auth/rotate").then().statusCode(200);
        assertEquals(before + 1, authentik.fetches("rotate"), "exactly one refetch for the new kid");

        // The old key left the JWKS: its tokens no longer pass (after the next refresh they are unknown).
        given().header("Authorization", "Bearer " + Tokens.forApp("rotate", "rotate-client").sign(FakeAuthentikResource.ROTATE_OLD))
                .get("/auth/rotate").then().statusCode(401);
    }

    @Test
    void floodOfRandomKidsCausesAtMostOneFetchPerCooldown() throws Exception {
        FakeAuthentik authentik = FakeAuthentikResource.server();
        int before = authentik.fetches("flood");
        SigningKey attacker = SigningKey.rsa();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            CompletableFuture<?>[] calls = IntStream.range(0, 1000).mapToObj(i -> CompletableFuture.runAsync(() -> {
                String token = Tokens.forApp("flood", "flood-client").kid(SigningKey.newKid()).sign(attacker);
                given().header("Authorization", "Bearer " + token).get("/auth/flood").then().statusCode(401);
            }, pool)).toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(calls).get();
        } finally {
            pool.shutdown();
        }
        int caused = authentik.fetches("flood") - before;
        long cooldowns = 1 + (System.nanoTime() - start) / 30_000_000_000L; // the configured 30 s cooldown
        assertTrue(caused <= cooldowns, "1,000 random kids caused " + caused + " JWKS fetches in " + cooldowns + " cooldown(s)");
        // and real tokens still pass during the flood's aftermath
        given().header("Authorization", "Bearer " + Tokens.forApp("flood", "flood-client").sign(FakeAuthentikResource.FLOOD))
                .get("/auth/flood").then().statusCode(200);
    }
}
