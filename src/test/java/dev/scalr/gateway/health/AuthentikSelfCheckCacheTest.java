package dev.scalr.gateway.health;

import dev.scalr.gateway.dev.authentik.FakeAuthentik;
import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.Gateway;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /q/health/group/authentik is reachable by anyone on the container network: a burst of calls must cost
 * Authentik at most one round of requests (discovery per app, live, ready), not one round per call.
 */
@QuarkusTest
@WithTestResource(FakeAuthentikResource.class)
class AuthentikSelfCheckCacheTest {

    /** grafana, wiki, ecapp, rotate, flood: see FakeAuthentikResource. */
    private static final int APPS = 5;

    @Test
    void burstOfSelfChecksCostsAuthentikOneRound() throws Exception {
        Gateway.awaitReady();
        FakeAuthentik authentik = FakeAuthentikResource.server();
        int discoveries = authentik.discoveryHosts().size();
        int health = authentik.healthCalls();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 48; i++) {
                calls.add(pool.submit(() -> given().get("/q/health/group/authentik").statusCode()));
            }
            for (Future<Integer> call : calls) {
                assertEquals(200, call.get());
            }
        } finally {
            pool.shutdownNow();
        }
        int discoveryRequests = authentik.discoveryHosts().size() - discoveries;
        int healthRequests = authentik.healthCalls() - health;
        assertTrue(discoveryRequests <= APPS, "discovery requests for 48 calls: " + discoveryRequests);
        assertTrue(healthRequests <= 2, "health requests for 48 calls: " + healthRequests);
    }
}
