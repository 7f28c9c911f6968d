package dev.scalr.gateway.deploy;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/** Reads the repository's deployment files (tests run with the project root as working directory). */
final class Descriptors {

    static final Path ROOT = Path.of("").toAbsolutePath();
    static final Path DOCKER = ROOT.resolve("docker");
    static final Path GATEWAY_COMPOSE = DOCKER.resolve("compose.yml");
    static final Path EXAMPLES = DOCKER.resolve("examples");
    static final Path KUBERNETES = DOCKER.resolve("kubernetes");
    static final Path DOCKERFILE = DOCKER.resolve("Dockerfile");
    /** The middleware where it outlives the gateway: Traefik's file provider, or labels on Traefik's own container. */
    static final Path TRAEFIK_FILE_PROVIDER = DOCKER.resolve("traefik/dynamic/scalr-auth.yml");
    static final Path TRAEFIK_LABELS = DOCKER.resolve("traefik/compose.traefik-labels.yml");

    private Descriptors() {
    }

    static Map<String, Object> yaml(Path file) {
        return map(newYaml().load(read(file)));
    }

    /** Every document of every YAML file in the folder, in file-name order. */
    static List<Map<String, Object>> yamlDocuments(Path folder) {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Path file : yamlFiles(folder)) {
            for (Object document : newYaml().loadAll(read(file))) {
                if (document != null) {
                    documents.add(map(document));
                }
            }
        }
        return documents;
    }

    static List<Path> yamlFiles(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".yml") || f.toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        if (!(value instanceof Map)) {
            throw new AssertionError("expected a mapping but got " + value);
        }
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        if (!(value instanceof List)) {
            throw new AssertionError("expected a list but got " + value);
        }
        return (List<Object>) value;
    }

    /** Follows keys through nested mappings; fails naming the path when one is missing. */
    static Object at(Map<String, Object> root, String... keys) {
        Object current = root;
        for (String key : keys) {
            Object next = map(current).get(key);
            if (next == null) {
                throw new AssertionError("missing " + String.join(".", keys) + " (at '" + key + "')");
            }
            current = next;
        }
        return current;
    }

    private static Yaml newYaml() {
        return new Yaml(new SafeConstructor(new LoaderOptions()));
    }
}
