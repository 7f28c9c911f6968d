package dev.scalr.gateway.support;

import io.restassured.RestAssured;

import java.time.Duration;
import java.time.Instant;

/** Small waits shared by the HTTP tests. */
public final class Gateway {

    private Gateway() {
    }

    /** Blocks until readiness is UP (keys of every app fetched), or fails after 15 s. */
    public static void awaitReady() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        while (Instant.now().isBefore(deadline)) {
            if (RestAssured.get("/q/health/ready").statusCode() == 200) {
                return;
            }
            sleep(100);
        }
        throw new AssertionError("gateway never became ready: " + RestAssured.get("/q/health/ready").asString());
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
