package dev.scalr.gateway.deploy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Starts target/quarkus-app the way the container does, without a Docker engine: the command, working
 * directory, file layout, user and environment are all read from docker/Dockerfile and docker/compose.yml,
 * so this test and the image cannot drift apart. Only the ports differ (QUARKUS_HTTP_PORT, GATEWAY_LISTENER_PORT: free ones)
 * and java is this JDK's (the image has Temurin 21).
 */
class PackagedEntrypointIT {

    private static final Duration STARTUP = Duration.ofSeconds(30);

    @TempDir
    Path container;

    private Process process;

    @AfterEach
    void stop() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        }
    }

    @Test
    void packagedAppStartedLikeTheImageEntrypointReportsLiveAsNonRootUser() throws Exception {
        DockerfileRuntime image = DockerfileRuntime.read(Descriptors.DOCKERFILE);
        ComposeService service = ComposeService.all(Descriptors.yaml(Descriptors.GATEWAY_COMPOSE)).get("scalr-auth-gateway");
        Path workdir = ContainerLayout.materialize(image, Descriptors.ROOT.resolve("target/quarkus-app"), container);
        int port = ContainerLayout.freePort();
        int listenerPort = ContainerLayout.freePort();
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");

        List<String> command = new ArrayList<>(ContainerLayout.runAs(image.user(), uid));
        List<String> entrypoint = new ArrayList<>(image.command());
        assertEquals("java", entrypoint.get(0), "the image runs java from PATH");
        entrypoint.set(0, Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(entrypoint);

        ProcessBuilder builder = new ProcessBuilder(command).directory(workdir.toFile())
                .redirectErrorStream(true).redirectOutput(Descriptors.ROOT.resolve("target/packaged-entrypoint-it.log").toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(ContainerLayout.environment(image, service));
        env.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        env.put("GATEWAY_LISTENER_PORT", String.valueOf(listenerPort));
        process = builder.start();

        HttpResponse<String> live = awaitLive(port);
        assertEquals(200, live.statusCode());
        assertTrue(live.body().contains("\"UP\""), live.body());
        if (uid == 0) {
            String expected = image.user().split(":")[0];
            assertTrue(processUid(process.pid()).equals(expected), "gateway must run as uid " + expected);
        }
        assertTrue(log().contains("Listening on: http://0.0.0.0:" + port), "must listen on all interfaces:\n" + log());
        assertTrue(log().contains("forwardAuth listener on http://0.0.0.0:" + listenerPort + "/auth"),
                "the forwardAuth listener must listen on all interfaces:\n" + log());
        assertComposeHealthcheckPasses(service, port, uid, image.user());
    }

    /** The compose healthcheck (bash /dev/tcp, no curl in the JRE image) against the same process. */
    private void assertComposeHealthcheckPasses(ComposeService service, int port, int uid, String user) throws Exception {
        List<Object> test = Descriptors.list(Descriptors.at(service.definition(), "healthcheck", "test"));
        // CMD-SHELL: the engine runs the one string with /bin/sh -c.
        assertEquals("CMD-SHELL", test.get(0));
        assertEquals(2, test.size(), "CMD-SHELL takes one string");
        List<String> command = new ArrayList<>(ContainerLayout.runAs(user, uid));
        command.addAll(List.of("/bin/sh", "-c", String.valueOf(test.get(1)).replace("/8080", "/" + port)));
        Process check = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertTrue(check.waitFor(10, TimeUnit.SECONDS), "healthcheck hangs");
        assertEquals(0, check.exitValue(), new String(check.getInputStream().readAllBytes()));
    }

    private HttpResponse<String> awaitLive(int port) throws Exception {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/live"))
                .timeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(STARTUP);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                fail("the packaged app exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return response;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        return fail("/q/health/live not UP within " + STARTUP + ":\n" + log());
    }

    private static String processUid(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("Uid:")) {
                return line.split("\\s+")[1];
            }
        }
        return "?";
    }

    private static String log() {
        try {
            return Files.readString(Descriptors.ROOT.resolve("target/packaged-entrypoint-it.log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }
}
