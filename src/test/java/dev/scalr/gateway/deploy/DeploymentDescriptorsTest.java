package dev.scalr.gateway.deploy;

import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.identity.IdentityHeaders;
import io.smallrye.config.WithDefault;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.scalr.gateway.deploy.ComposeService.commaList;
import static dev.scalr.gateway.deploy.Descriptors.at;
import static dev.scalr.gateway.deploy.Descriptors.list;
import static dev.scalr.gateway.deploy.Descriptors.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** No Docker engine or cluster here: the descriptors are checked as data against the gateway's own code. */
class DeploymentDescriptorsTest {

    static final String MIDDLEWARE = "scalr-auth";
    /** The listener's default port, read from the config mapping so descriptors and code cannot drift apart. */
    static final int LISTENER_PORT = listenerDefaultPort();
    static final String MIDDLEWARE_REF = "scalr-auth@file";
    static final String REDIRECT_REF = "https-redirect@docker";

    static void assertExactlyTheEmittableHeaders(List<?> listed, String where) {
        assertEquals(Set.copyOf(IdentityHeaders.ALL_NAMES), Set.copyOf(listed),
                where + ": authResponseHeaders must be exactly IdentityHeaders.ALL_NAMES");
        assertEquals(listed.size(), new HashSet<>(listed).size(), where + ": authResponseHeaders lists a header twice");
    }

    /** What Authentik's outpost sets (proxyv2/application/mode_common.go, addHeaders): apps written for it read these. */
    static final List<String> OUTPOST_HEADERS = List.of("X-authentik-username", "X-authentik-groups",
            "X-authentik-entitlements", "X-authentik-email", "X-authentik-name", "X-authentik-uid", "X-authentik-jwt",
            "X-authentik-meta-jwks", "X-authentik-meta-outpost", "X-authentik-meta-provider", "X-authentik-meta-app",
            "X-authentik-meta-version");

    /** A header the gateway does not list is one Traefik passes from the client unchanged: a spoofing hole. */
    @Test
    void theGatewayEmitsAndTraefikStripsEveryHeaderOfAuthentiksOutpost() {
        assertTrue(IdentityHeaders.ALL_NAMES.containsAll(OUTPOST_HEADERS), IdentityHeaders.ALL_NAMES.toString());
    }

    /** Every Traefik-side definition of the middleware: the file provider, the label alternative, Kubernetes. */
    static List<ForwardAuthDefinition> traefikDefinitions() {
        return ForwardAuthDefinition.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("traefikDefinitions")
    void authResponseHeadersAreExactlyTheHeadersTheGatewayCanEmit(ForwardAuthDefinition definition) {
        assertExactlyTheEmittableHeaders(definition.authResponseHeaders(), definition.where());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("traefikDefinitions")
    void middlewareAddressIsTheGatewayOnTheListenerPortPathAuth(ForwardAuthDefinition definition) {
        URI address = URI.create(definition.address());
        assertEquals("http", address.getScheme(), definition.where());
        assertEquals(definition.expectedHost(), address.getHost(),
                definition.where() + ": the address must reach the gateway directly, never a Traefik-routed host");
        assertEquals(LISTENER_PORT, address.getPort(), definition.where());
        assertEquals("/auth", address.getPath(), definition.where());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("traefikDefinitions")
    void trustForwardHeaderIsSetExplicitly(ForwardAuthDefinition definition) {
        assertEquals("true", definition.trustForwardHeader(), definition.where());
    }

    @Test
    void labelAlternativeIsTheSameMiddlewareAsTheFileProvider() {
        ForwardAuthDefinition file = ForwardAuthDefinition.fileProvider();
        ForwardAuthDefinition labels = ForwardAuthDefinition.traefikLabels();
        assertEquals(file.address(), labels.address());
        assertEquals(file.authResponseHeaders(), labels.authResponseHeaders());
    }

    @Test
    void fileProviderDefinesTheGatewayMiddlewareOnly() {
        assertEquals(Set.of(MIDDLEWARE), map(at(Descriptors.yaml(Descriptors.TRAEFIK_FILE_PROVIDER), "http", "middlewares")).keySet());
    }

    @Test
    void imageListensWhereTheMiddlewarePoints() {
        assertTrue(DockerfileRuntime.read(Descriptors.DOCKERFILE).exposed().contains(LISTENER_PORT),
                "the image must EXPOSE the forwardAuth port " + LISTENER_PORT);
    }

    @Nested
    class GatewayCompose {

        final Map<String, Object> compose = Descriptors.yaml(Descriptors.GATEWAY_COMPOSE);
        final ComposeService gateway = ComposeService.all(compose).get("scalr-auth-gateway");

        /** Traefik's Docker provider drops a starting, unhealthy or stopped container's labels, middlewares included. */
        @Test
        void gatewayDefinesNoMiddlewareThatWouldVanishWhileItRestarts() {
            assertEquals(Map.of(), gateway.middlewares());
        }

        /** No router and no default one: traefik.enable=false is the only Traefik label. */
        @Test
        void traefikIgnoresTheGatewayContainer() {
            Map<String, String> traefik = new java.util.TreeMap<>(gateway.labels());
            traefik.keySet().removeIf(k -> !k.startsWith("traefik."));
            assertEquals(Map.of("traefik.enable", "false"), traefik);
        }

        /** Without a limit the JVM sizes its heap from the host's memory (InitialRAMPercentage of 16 GB is 4 GB). */
        @Test
        void memoryIsLimited() {
            assertTrue(gateway.definition().get("mem_limit") != null, "compose must set mem_limit");
        }

        @Test
        void rootFilesystemIsReadOnlyWithATmpfsTmp() {
            assertEquals(true, gateway.definition().get("read_only"));
            assertTrue(list(gateway.definition().get("tmpfs")).stream().anyMatch(t -> String.valueOf(t).startsWith("/tmp")));
        }

        @Test
        void noHostPortIsPublishedExceptOnLoopback() {
            Object ports = gateway.definition().get("ports");
            if (ports != null) {
                list(ports).forEach(p -> assertTrue(String.valueOf(p).startsWith("127.0.0.1:"), "published port " + p));
            }
        }

        @Test
        void environmentComesFromEnvSharedPlusTheInternalAuthentikHost() {
            assertTrue(list(gateway.definition().get("env_file")).stream()
                    .anyMatch(f -> ContainerLayout.interpolated(String.valueOf(f)).endsWith("/.env.shared")));
            assertEquals("http://scalr-auth-server:9000", at(gateway.definition(), "environment", "AUTHENTIK_INTERNAL_HOST"));
        }

        @Test
        void joinsTheExternalScalrEdgeNetwork() {
            assertEquals(List.of("scalr-edge"), gateway.definition().get("networks"));
            assertEquals(true, at(compose, "networks", "scalr-edge", "external"));
        }

        @Test
        void healthcheckAsksLiveness() {
            assertTrue(String.valueOf(at(gateway.definition(), "healthcheck", "test")).contains("/q/health/live"));
        }
    }

    /**
     * The rule for the examples: a router serves users unless it is a redirect router, that is, on the
     * plain-http entrypoint with https-redirect as its first middleware (it answers before the app is
     * reached, so it needs no authentication). Every other router must carry scalr-auth@docker.
     */
    @Nested
    class ProtectedExamples {

        final List<Path> examples = Descriptors.yamlFiles(Descriptors.EXAMPLES);

        @Test
        void examplesDefineNoMiddleware() {
            for (Path example : examples) {
                ComposeService.all(Descriptors.yaml(example)).values().forEach(service ->
                        assertTrue(service.middlewares().isEmpty(), example + " defines a middleware: " + service.middlewares()));
            }
        }

        @Test
        void thereIsAtLeastOneExample() {
            assertFalse(examples.isEmpty());
        }

        @Test
        void everyRouterThatServesUsersCarriesTheMiddleware() {
            forEachRouter((where, router) -> {
                List<String> middlewares = commaList(router.get("middlewares"));
                if (!middlewares.contains(MIDDLEWARE_REF)) {
                    assertEquals(REDIRECT_REF, middlewares.isEmpty() ? null : middlewares.get(0),
                            where + " has no " + MIDDLEWARE_REF + " and is not a redirect router");
                    assertEquals("web", router.get("entrypoints"), where + ": a redirect router belongs on web");
                }
            });
        }

        @Test
        void tlsRoutersUseTheLeResolverAndTheMiddleware() {
            forEachRouter((where, router) -> {
                if ("websecure".equals(router.get("entrypoints"))) {
                    assertEquals("le", router.get("tls.certresolver"), where);
                    assertTrue(commaList(router.get("middlewares")).contains(MIDDLEWARE_REF), where);
                }
            });
        }

        @Test
        void everyRoutedServiceHasTheThreeRouterPattern() {
            for (Path example : examples) {
                for (ComposeService service : ComposeService.all(Descriptors.yaml(example)).values()) {
                    if (service.routers().isEmpty()) {
                        continue;
                    }
                    var routers = service.routers().values();
                    String where = example.getFileName() + "/" + service.name();
                    assertTrue(routers.stream().anyMatch(r -> "web".equals(r.get("entrypoints"))
                            && r.get("rule").matches("Host\\(`[a-z0-9-]+\\.localhost`\\)")
                            && commaList(r.get("middlewares")).contains(MIDDLEWARE_REF)), where + ": dev router");
                    assertTrue(routers.stream().anyMatch(r -> "web".equals(r.get("entrypoints"))
                            && r.get("rule").contains(".${SCALR_PUBLIC_DOMAIN}`")
                            && commaList(r.get("middlewares")).equals(List.of(REDIRECT_REF))), where + ": prod redirect router");
                    assertTrue(routers.stream().anyMatch(r -> "websecure".equals(r.get("entrypoints"))
                            && r.get("rule").contains(".${SCALR_PUBLIC_DOMAIN}`")), where + ": prod TLS router");
                }
            }
        }

        @Test
        void examplesJoinTheExternalScalrEdgeNetwork() {
            for (Path example : examples) {
                Map<String, Object> compose = Descriptors.yaml(example);
                assertEquals(true, at(compose, "networks", "scalr-edge", "external"), example.toString());
                ComposeService.all(compose).values().forEach(s ->
                        assertTrue(list(s.definition().get("networks")).contains("scalr-edge"), example + "/" + s.name()));
            }
        }

        private void forEachRouter(java.util.function.BiConsumer<String, Map<String, String>> check) {
            int routers = 0;
            for (Path example : examples) {
                for (ComposeService service : ComposeService.all(Descriptors.yaml(example)).values()) {
                    for (var router : service.routers().entrySet()) {
                        check.accept(example.getFileName() + " router " + router.getKey(), router.getValue());
                        routers++;
                    }
                }
            }
            assertTrue(routers > 0, "the examples define no router");
        }
    }

    static int listenerDefaultPort() {
        try {
            return Integer.parseInt(GatewayConfig.Listener.class.getMethod("port").getAnnotation(WithDefault.class).value());
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }
}
