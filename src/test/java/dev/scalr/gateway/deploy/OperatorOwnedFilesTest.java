package dev.scalr.gateway.deploy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static dev.scalr.gateway.deploy.Descriptors.list;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What compose and Traefik do with the files as written: an image name the operator owns and builds (no pull from
 * a Docker Hub namespace the platform does not own), ADR 0011's .env.shared where the platform keeps it, and a
 * bounded auth response on every forwardAuth definition (Traefik 3.6.9+ warns about each one without it).
 */
class OperatorOwnedFilesTest {

    static final Pattern ENV_SHARED = Pattern.compile("\\$\\{SCALR_ENV_SHARED:-([^}]+)}");
    final ComposeService gateway = ComposeService.all(Descriptors.yaml(Descriptors.GATEWAY_COMPOSE)).get("scalr-auth-gateway");

    @Test
    void theImageIsTheOperatorsOwnAndComposeBuildsItInsteadOfPulling() {
        assertEquals("${SCALR_AUTH_GATEWAY_IMAGE:-localhost/scalr-auth-gateway}:${SCALR_AUTH_GATEWAY_TAG:-latest}",
                gateway.definition().get("image"));
        assertEquals("build", gateway.definition().get("pull_policy"));
        assertTrue(gateway.definition().containsKey("build"));
    }

    /** ADR 0011: .env.shared at the platform checkout's root, each service in services/<name>/. */
    @Test
    void envSharedIsAVariableDefaultingToTheRootOfAdr0011sLayout() throws IOException {
        String entry = list(gateway.definition().get("env_file")).stream().map(String::valueOf)
                .filter(f -> f.contains(".env.shared")).findFirst().orElseThrow();
        Matcher matcher = ENV_SHARED.matcher(entry);
        assertTrue(matcher.matches(), entry);
        Path platform = Path.of("/platform");
        Path composeFolder = platform.resolve("services/scalr-auth-gateway/docker");
        assertEquals(platform.resolve(".env.shared"), composeFolder.resolve(matcher.group(1)).normalize());
        for (Path doc : List.of(Descriptors.ROOT.resolve("README.md"), Descriptors.ROOT.resolve("docs/operations.md"))) {
            assertTrue(Files.readString(doc).contains("SCALR_ENV_SHARED"), doc + " documents SCALR_ENV_SHARED");
        }
    }

    static List<ForwardAuthDefinition> traefikDefinitions() {
        return ForwardAuthDefinition.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("traefikDefinitions")
    void everyTraefikSideDefinitionBoundsTheAuthResponse(ForwardAuthDefinition definition) {
        assertTrue(definition.maxResponseBodySize().matches("[1-9][0-9]*"),
                definition.where() + ": maxResponseBodySize " + definition.maxResponseBodySize());
    }

    /** Examples people copy: every fenced block that defines a forwardAuth middleware sets the bound too. */
    @Test
    void everyDocumentedForwardAuthExampleBoundsTheAuthResponse() throws IOException {
        List<String> missing = new ArrayList<>();
        List<Path> docs = new ArrayList<>(List.of(Descriptors.ROOT.resolve("README.md"), Descriptors.DOCKER.resolve("README.md")));
        try (Stream<Path> files = Files.list(Descriptors.ROOT.resolve("docs"))) {
            files.filter(f -> f.toString().endsWith(".md")).forEach(docs::add);
        }
        for (Path doc : docs) {
            String[] parts = Files.readString(doc).split("```");
            for (int i = 1; i < parts.length; i += 2) {
                String block = parts[i].toLowerCase(Locale.ROOT);
                boolean defines = block.contains("forwardauth:") || block.contains("forwardauth.address");
                if (defines && !block.contains("maxresponsebodysize")) {
                    missing.add(doc.getFileName() + " block " + (i / 2 + 1));
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void theContainerEndToEndScriptRunsComposeWithTheRenamedImage() throws IOException {
        String script = Files.readString(Descriptors.ROOT.resolve(".ci/container-e2e.sh"));
        assertTrue(script.contains("podman tag \"$IMAGE\" localhost/scalr-auth-gateway:e2e-compose"), "tag line");
        assertTrue(script.contains("SCALR_AUTH_GATEWAY_TAG=e2e-compose"), "compose line");
    }
}
