package dev.scalr.gateway.deploy;

import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.identity.IdentityHeaders;
import io.smallrye.config.WithDefault;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

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
    static final String MIDDLEWARE_REF = "scalr-auth@docker";
    static final String REDIRECT_REF = "https-redirect@docker";

    static void assertExactlyTheEmittableHeaders(List<?> listed, String where) {
        assertEquals(Set.copyOf(IdentityHeaders.ALL_NAMES), Set.copyOf(listed),
                where + ": authResponseHeaders must be exactly IdentityHeaders.ALL_NAMES");
        assertEquals(listed.size(), new HashSet<>(listed).size(), where + ": authResponseHeaders lists a header twice");
    }

    @Nested
    class GatewayCompose {

        final Map<String, Object> compose = Descriptors.yaml(Descriptors.GATEWAY_COMPOSE);
        final ComposeService gateway = ComposeService.all(compose).get("scalr-auth-gateway");
        final Map<String, String> middleware = gateway.middlewares().get(MIDDLEWARE);

        @Test
        void middlewareAddressIsTheGatewayContainerOnTheListenerPortPathAuth() {
            URI address = URI.create(middleware.get("forwardauth.address"));
            assertEquals("http", address.getScheme());
            assertEquals(gateway.definition().get("container_name"), address.getHost(),
                    "address must be the container name on scalr-edge, never a Traefik-routed host");
            assertEquals(LISTENER_PORT, address.getPort());
            assertEquals("/auth", address.getPath());
        }

        @Test
        void gatewayListensWhereTheAddressPoints() {
            DockerfileRuntime image = DockerfileRuntime.read(Descriptors.DOCKERFILE);
            int port = URI.create(middleware.get("forwardauth.address")).getPort();
            assertTrue(image.exposed().contains(port), "the image must EXPOSE the forwardAuth port " + port);
            assertEquals(String.valueOf(port), gateway.labels().get("traefik.http.services.scalr-auth-gateway.loadbalancer.server.port"));
        }

        @Test
        void authResponseHeadersAreExactlyTheHeadersTheGatewayCanEmit() {
            assertExactlyTheEmittableHeaders(commaList(middleware.get("forwardauth.authresponseheaders")), "compose");
        }

        @Test
        void trustForwardHeaderIsSetExplicitly() {
            assertEquals("true", middleware.get("forwardauth.trustforwardheader"));
        }

        @Test
        void middlewareIsDefinedByTheGatewayOnly() {
            assertEquals(Set.of(MIDDLEWARE), gateway.middlewares().keySet());
            for (Path example : Descriptors.yamlFiles(Descriptors.EXAMPLES)) {
                ComposeService.all(Descriptors.yaml(example)).values().forEach(service ->
                        assertTrue(service.middlewares().isEmpty(), example + " defines a middleware: " + service.middlewares()));
            }
        }

        @Test
        void noHostPortIsPublishedExceptOnLoopback() {
            Object ports = gateway.definition().get("ports");
            if (ports != null) {
                list(ports).forEach(p -> assertTrue(String.valueOf(p).startsWith("127.0.0.1:"), "published port " + p));
            }
        }

        @Test
        void gatewayIsNotRoutedToUsers() {
            assertFalse(gateway.routers().isEmpty(), "without a router Traefik would create a default one");
            gateway.routers().forEach((name, router) -> assertTrue(
                    router.get("rule").contains("ClientIP(`127.0.0.1/32`)") && router.get("rule").contains(".invalid`"),
                    "router " + name + " of the gateway must stay unreachable: " + router.get("rule")));
        }

        @Test
        void environmentComesFromEnvSharedPlusTheInternalAuthentikHost() {
            assertTrue(list(gateway.definition().get("env_file")).stream().anyMatch(f -> String.valueOf(f).endsWith(".env.shared")));
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

    @Nested
    class KubernetesManifests {

        final List<Map<String, Object>> documents = Descriptors.yamlDocuments(Descriptors.KUBERNETES);

        Map<String, Object> only(String kind) {
            List<Map<String, Object>> found = documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
            assertEquals(1, found.size(), "exactly one " + kind);
            return found.get(0);
        }

        Map<String, Object> container() {
            return map(list(at(only("Deployment"), "spec", "template", "spec", "containers")).get(0));
        }

        @Test
        void deploymentRunsAtLeastTwoReplicas() {
            assertTrue(((Number) at(only("Deployment"), "spec", "replicas")).intValue() >= 2);
        }

        @Test
        void probesUseTheHealthEndpoints() {
            assertEquals("/q/health/ready", at(container(), "readinessProbe", "httpGet", "path"));
            assertEquals("/q/health/live", at(container(), "livenessProbe", "httpGet", "path"));
            assertEquals("/q/health/started", at(container(), "startupProbe", "httpGet", "path"));
        }

        @Test
        void podsRunAsNonRoot() {
            assertEquals(true, at(only("Deployment"), "spec", "template", "spec", "securityContext", "runAsNonRoot"));
            assertEquals(true, at(container(), "securityContext", "runAsNonRoot"));
            assertEquals(false, at(container(), "securityContext", "allowPrivilegeEscalation"));
            assertTrue(at(container(), "resources", "limits", "memory") != null);
        }

        @Test
        void middlewareIsForwardAuthToTheServiceOnTheListenerPortPathAuth() {
            Map<String, Object> middleware = only("Middleware");
            assertEquals("traefik.io/v1alpha1", middleware.get("apiVersion"));
            Map<String, Object> service = only("Service");
            URI address = URI.create((String) at(middleware, "spec", "forwardAuth", "address"));
            String namespace = (String) at(service, "metadata", "namespace");
            assertEquals(at(service, "metadata", "name") + "." + namespace + ".svc.cluster.local", address.getHost());
            assertEquals(named(list(at(service, "spec", "ports")), "forward-auth").get("port"), address.getPort());
            assertEquals("/auth", address.getPath());
            assertEquals(LISTENER_PORT, named(list(container().get("ports")), "forward-auth").get("containerPort"));
            assertEquals(true, at(middleware, "spec", "forwardAuth", "trustForwardHeader"));
        }

        @Test
        void middlewareAuthResponseHeadersAreExactlyTheHeadersTheGatewayCanEmit() {
            assertExactlyTheEmittableHeaders(list(at(only("Middleware"), "spec", "forwardAuth", "authResponseHeaders")), "Middleware");
        }

        @Test
        void deploymentTakesItsEnvironmentFromTheConfigMapAndTheCookieKeySecret() {
            Map<String, Object> secret = only("Secret");
            assertTrue(map(at(secret, "stringData")).containsKey("GATEWAY_SESSION_KEYS"));
            Map<String, Object> config = map(at(only("ConfigMap"), "data"));
            assertTrue(config.keySet().containsAll(Set.of("AUTHENTIK_HOST", "SCALR_PUBLIC_DOMAIN", "AUTHENTIK_INTERNAL_HOST")));
            List<Object> envFrom = list(container().get("envFrom"));
            assertTrue(envFrom.contains(Map.of("secretRef", Map.of("name", at(secret, "metadata", "name")))));
            assertTrue(envFrom.contains(Map.of("configMapRef", Map.of("name", at(only("ConfigMap"), "metadata", "name")))));
        }

        @Test
        void kustomizationListsEveryManifest() {
            Set<String> files = new HashSet<>();
            Descriptors.yamlFiles(Descriptors.KUBERNETES).forEach(f -> files.add(f.getFileName().toString()));
            files.remove("kustomization.yaml");
            assertEquals(files, Set.copyOf(list(at(only("Kustomization"), "resources"))));
        }
    }

    static int listenerDefaultPort() {
        try {
            return Integer.parseInt(GatewayConfig.Listener.class.getMethod("port").getAnnotation(WithDefault.class).value());
        } catch (NoSuchMethodException e) {
            throw new AssertionError(e);
        }
    }

    /** The entry of a Kubernetes ports list with this name. */
    static Map<String, Object> named(List<Object> ports, String name) {
        return ports.stream().map(Descriptors::map).filter(p -> name.equals(p.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no port named " + name + " in " + ports));
    }
}
