package dev.scalr.gateway.deploy;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Rebuilds, in a temporary folder, the runtime filesystem and environment the Dockerfile and compose.yml
 * describe: the same COPY targets from target/quarkus-app, root-owned-style permissions (dirs 755, files
 * 644), the image's ENV, the compose env files (their committed examples) and the compose environment.
 */
final class ContainerLayout {

    /** Stand-ins for the env files compose reads on the host, by file name. */
    static final Map<String, Path> ENV_FILE_EXAMPLES = Map.of(
            ".env.shared", Descriptors.DOCKER.resolve("env/env.shared.example"),
            ".env.app", Descriptors.DOCKER.resolve("env/gateway.env.app.example"));

    private ContainerLayout() {
    }

    /** Copies the image's files under root and returns the container's working directory inside it. */
    static Path materialize(DockerfileRuntime image, Path quarkusApp, Path root) throws IOException {
        Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (var copy : image.quarkusAppCopies().entrySet()) {
            Path source = quarkusApp.resolve(copy.getKey());
            Path target = root.resolve(copy.getValue().substring(1));
            copyTree(source, target);
        }
        Path workdir = root.resolve(image.workdir().substring(1));
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return workdir;
    }

    /** A compose path with ${VAR:-default}: the default, what compose reads when the variable is not set. */
    static String interpolated(String value) {
        return value.replaceAll("\\$\\{[A-Z0-9_]+:-([^}]*)}", "$1");
    }

    /** Image ENV, then env files, then compose environment: later wins, as in Docker. */
    static Map<String, String> environment(DockerfileRuntime image, ComposeService service) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
        env.putAll(image.env());
        for (Object file : Descriptors.list(service.definition().get("env_file"))) {
            String name = Path.of(interpolated(String.valueOf(file))).getFileName().toString();
            Path example = ENV_FILE_EXAMPLES.get(name);
            if (example == null) {
                throw new AssertionError("compose reads env file " + file + " but no example of it is committed");
            }
            env.putAll(envFile(example));
        }
        Descriptors.map(service.definition().get("environment")).forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    static Map<String, String> envFile(Path file) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String trimmed = line.strip();
            int eq = trimmed.indexOf('=');
            if (!trimmed.isEmpty() && !trimmed.startsWith("#") && eq > 0) {
                out.put(trimmed.substring(0, eq), trimmed.substring(eq + 1));
            }
        }
        return out;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Prefix that runs a command as the image's USER (uid:gid); empty when we are not root and cannot switch. */
    static List<String> runAs(String user, int currentUid) {
        if (currentUid != 0) {
            return List.of();
        }
        String[] ids = user.split(":");
        String gid = ids.length > 1 ? ids[1] : ids[0];
        return List.of("setpriv", "--reuid=" + ids[0], "--regid=" + gid, "--clear-groups", "--");
    }

    private static void copyTree(Path source, Path target) throws IOException {
        if (!Files.isDirectory(source)) {
            Files.createDirectories(target.getParent());
            Files.copy(source, target);
            return;
        }
        try (Stream<Path> all = Files.walk(source)) {
            for (Path p : all.toList()) {
                Path to = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.createDirectories(to.getParent());
                    Files.copy(p, to);
                }
            }
        }
    }
}
