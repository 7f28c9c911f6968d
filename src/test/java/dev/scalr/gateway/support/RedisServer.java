package dev.scalr.gateway.support;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real redis-server (Debian's package, which .ci/run installs) on a free loopback port, without persistence,
 * for the tests of sessions shared by replicas. Missing binary: the test is skipped on a workstation and fails
 * when CI=true, as the proxy tests do.
 */
public final class RedisServer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path dir;

    private RedisServer(Process process, int port, Path dir) {
        this.process = process;
        this.port = port;
        this.dir = dir;
    }

    public static RedisServer start() throws IOException, InterruptedException {
        Path binary = require();
        int port = PackagedGateway.freePort();
        Path dir = Files.createTempDirectory("redis-");
        Process process = new ProcessBuilder(binary.toString(), "--port", String.valueOf(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", dir.toString(), "--protected-mode", "yes")
                .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited: " + Files.readString(dir.resolve("redis.log")));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return new RedisServer(process, port, dir);
            } catch (IOException notYet) {
                Thread.sleep(20);
            }
        }
        process.destroyForcibly();
        throw new IllegalStateException("redis-server not listening on " + port);
    }

    static Path require() {
        for (Path candidate : List.of(Path.of("/usr/bin/redis-server"), Path.of("/usr/local/bin/redis-server"))) {
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        String message = "redis-server is not installed (apt-get install -y --no-install-recommends redis-server)";
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            throw new AssertionError(message + "; CI=true, so this is a failure, not a skip");
        }
        Assumptions.abort(message + "; skipped because CI is not set");
        throw new IllegalStateException("unreachable");
    }

    /** For QUARKUS_REDIS_HOSTS. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
