package dev.scalr.gateway.web;

import dev.scalr.gateway.dev.authentik.FakeAuthentik;
import dev.scalr.gateway.support.PackagedGateway;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Stopping the packaged gateway (SIGTERM) while a decision on its forwardAuth listener waits on a key fetch. */
class ListenerShutdownIT {

    @Test
    void decisionWaitingOnAKeyFetchIsAnsweredBeforeTheListenerCloses() throws Exception {
        SigningKey old = SigningKey.rsa();
        SigningKey rotated = SigningKey.rsa();
        FakeAuthentik authentik = new FakeAuthentik().start();
        authentik.publish("team-wiki", SigningKey.jwks(old));
        Map<String, String> env = PackagedGateway.oneApp(authentik.baseUrl());
        env.put("QUARKUS_SHUTDOWN_DELAY", "0S"); // no delay: the listener is closing while the decision still waits
        try (PackagedGateway gateway = PackagedGateway.start(env)) {
            // Authentik switched keys and answers slowly: a token with the new kid waits on the refetch.
            authentik.publish("team-wiki", SigningKey.jwks(old, rotated));
            authentik.slowMillis(2_000);
            authentik.mode(FakeAuthentik.Mode.SLOW);
            String token = Tokens.forApp("team-wiki", "wiki-client").sign(rotated);
            int fetchesBefore = authentik.fetches("team-wiki");
            CompletableFuture<HttpResponse<String>> answer = HttpClient.newHttpClient().sendAsync(
                    HttpRequest.newBuilder(URI.create(gateway.authUrl()))
                            .header("X-Forwarded-Host", "team-wiki.example.test")
                            .header("Authorization", "Bearer " + token).build(),
                    HttpResponse.BodyHandlers.ofString());
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (authentik.fetches("team-wiki") == fetchesBefore && System.nanoTime() < deadline) {
                Thread.sleep(20); // until the decision is really waiting on the refetch
            }
            assertNotEquals(fetchesBefore, authentik.fetches("team-wiki"), "the new kid caused no refetch");

            gateway.terminate();

            assertEquals(200, answer.get(15, TimeUnit.SECONDS).statusCode(), gateway.logText());
            gateway.awaitExit(Duration.ofSeconds(15));
            assertFalse(gateway.logText().contains("still waiting on a key fetch"), gateway.logText());
        } finally {
            authentik.stop();
        }
    }
}
