package dev.scalr.gateway.dev;

import dev.scalr.gateway.support.PackagedGateway;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packaged application has no dev stack, and configuration cannot bring it back: even with the dev config
 * profile chosen at run time (every %dev setting applies) no stand-in and no front door open a port, and no class
 * of theirs is ever loaded.
 */
class PackagedWithoutDevStackIT {

    @Test
    void devProfileAtRunTimeStartsNeitherTheStandInNorTheFrontDoor() throws Exception {
        int standIn = PackagedGateway.freePort();
        int frontDoor = PackagedGateway.freePort();
        Path classLog = Files.createTempFile("gateway-classes-", ".log");
        try (PackagedGateway gateway = PackagedGateway.launch(Map.of("QUARKUS_PROFILE", "dev",
                "AUTHENTIK_INTERNAL_HOST", "http://localhost:" + standIn, "GATEWAY_DEV_FRONT_DOOR_PORT", String.valueOf(frontDoor),
                "JAVA_TOOL_OPTIONS", "-Xlog:class+load=info:file=" + classLog))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!gateway.logText().contains("started in")) {
                assertTrue(System.nanoTime() < deadline, "packaged gateway did not start:\n" + gateway.logText());
                Thread.sleep(100);
            }
            assertTrue(gateway.logText().contains("Profile dev activated"), gateway.logText());
            assertFalse(listening(standIn), "nothing listens where the dev stand-in would");
            assertFalse(listening(frontDoor), "nothing listens where the dev front door would");
            assertFalse(gateway.logText().contains("dev: "), gateway.logText());
            assertEquals(503, readiness(gateway), "no Authentik, so no keys: not ready");
            // Quarkus registers every @ConfigMapping it finds, DevConfig among them (its defaults, nothing else)
            try (Stream<String> loaded = Files.lines(classLog)) {
                assertEquals(java.util.List.of(), loaded.filter(line -> line.contains("dev.scalr.gateway.dev.")
                        && !line.contains("dev.scalr.gateway.dev.DevConfig")).toList(),
                        "no stand-in, front door or dev stack class is loaded");
            }
        } finally {
            Files.deleteIfExists(classLog);
        }
    }

    @Test
    void theFrontDoorsProxyLibraryIsNotPackaged() throws Exception {
        try (Stream<Path> jars = Files.walk(PackagedGateway.JAR.getParent().resolve("lib"))) {
            assertEquals(0, jars.filter(jar -> jar.getFileName().toString().contains("vertx-http-proxy")).count());
        }
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (java.io.IOException refused) {
            return false;
        }
    }

    private static int readiness(PackagedGateway gateway) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(gateway.url() + "/q/health/ready")).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
    }
}
