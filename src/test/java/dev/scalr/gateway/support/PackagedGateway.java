package dev.scalr.gateway.support;

import dev.scalr.gateway.dev.authentik.Tokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The packaged gateway (target/quarkus-app/quarkus-run.jar) as a real process, configured only through
 * environment variables, as compose runs it. The ITs test this jar, not the classes under test-compile.
 */
public final class PackagedGateway implements AutoCloseable {

    public static final Path JAR = Path.of("target", "quarkus-app", "quarkus-run.jar");

    private final Process process;
    private final int port;
    private final int listenerPort;
    private final Path log;
    private final Duration startToReady;

    private PackagedGateway(Process process, int port, int listenerPort, Path log, Duration startToReady) {
        this.process = process;
        this.port = port;
        this.listenerPort = listenerPort;
        this.log = log;
        this.startToReady = startToReady;
    }

    /**
     * Starts the jar with these environment variables (QUARKUS_HTTP_PORT and GATEWAY_LISTENER_PORT are chosen
     * here, unless given) and waits for readiness.
     */
    public static PackagedGateway start(Map<String, String> env) throws IOException, InterruptedException {
        long started = System.nanoTime();
        PackagedGateway launched = launch(env);
        Duration ready = launched.awaitReady(started, Duration.ofSeconds(30));
        return new PackagedGateway(launched.process, launched.port, launched.listenerPort, launched.log, ready);
    }

    /**
     * The environment of a gateway guarding one app, as compose sets it: app key WIKI, Authentik slug team-wiki,
     * client wiki-client, API only (no sign-in), keys fetched from {@code authentikUrl}. Mutable, for extras.
     */
    public static Map<String, String> oneApp(String authentikUrl) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("AUTHENTIK_HOST", Tokens.PUBLIC_AUTHENTIK);
        env.put("AUTHENTIK_INTERNAL_HOST", authentikUrl);
        env.put("SCALR_PUBLIC_DOMAIN", "example.test");
        env.put("GATEWAY_APPS_WIKI_SLUG", "team-wiki");
        env.put("GATEWAY_APPS_WIKI_CLIENT_ID", "wiki-client");
        env.put("GATEWAY_APPS_WIKI_SIGN_IN", "false");
        return env;
    }

    /** Starts the jar without waiting: for starts that are meant to fail. */
    public static PackagedGateway launch(Map<String, String> env) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR.toAbsolutePath() + " is missing: run ./mvnw package (failsafe runs after it)");
        }
        int port = freePort();
        Path log = Files.createTempFile("gateway-", ".log");
        Map<String, String> all = new LinkedHashMap<>(env);
        all.put("QUARKUS_HTTP_PORT", String.valueOf(port));
        all.putIfAbsent("GATEWAY_LISTENER_PORT", String.valueOf(freePort()));
        int listenerPort = Integer.parseInt(all.get("GATEWAY_LISTENER_PORT"));
        all.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", JAR.toAbsolutePath().toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        // Only what the test gives: a developer's own GATEWAY_* or AUTHENTIK_* must not leak in.
        builder.environment().keySet().removeIf(k -> k.startsWith("GATEWAY_") || k.startsWith("AUTHENTIK_")
                || k.startsWith("QUARKUS_") || k.startsWith("SCALR_"));
        builder.environment().putAll(all);
        return new PackagedGateway(builder.start(), port, listenerPort, log, null);
    }

    /** Waits for the process to exit (a refused start) and returns its exit code. */
    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new AssertionError("gateway still running after " + timeout + ":\n" + logText());
        }
        return process.exitValue();
    }

    /** Waits for /q/health/ready to answer 200 and returns how long that took from this call. */
    public Duration awaitReady(Duration timeout) throws InterruptedException {
        return awaitReady(System.nanoTime(), timeout);
    }

    private Duration awaitReady(long startedNanos, Duration timeout) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(url() + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build();
        long deadline = startedNanos + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("gateway exited with " + process.exitValue() + ":\n" + logText());
            }
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - startedNanos);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(25);
        }
        process.destroyForcibly();
        throw new IllegalStateException("gateway not ready within " + timeout.toSeconds() + " s:\n" + logText());
    }

    public String url() {
        return "http://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** The dedicated forwardAuth listener: what Traefik (and the proxies of the e2e tests) call. */
    public int listenerPort() {
        return listenerPort;
    }

    /** {@code http://127.0.0.1:<listener>/auth}; append /{slug} for the by-slug form. */
    public String authUrl() {
        return "http://127.0.0.1:" + listenerPort + "/auth";
    }

    public long pid() {
        return process.pid();
    }

    public Duration startToReady() {
        return startToReady;
    }

    public String logText() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** SIGTERM, as Docker and Kubernetes stop a container; does not wait. */
    public void terminate() {
        process.destroy();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
