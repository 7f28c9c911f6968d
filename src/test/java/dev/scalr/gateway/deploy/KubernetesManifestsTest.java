package dev.scalr.gateway.deploy;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.scalr.gateway.deploy.Descriptors.at;
import static dev.scalr.gateway.deploy.Descriptors.list;
import static dev.scalr.gateway.deploy.Descriptors.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Kubernetes manifests as data (no cluster here), against the gateway's own code. */
class KubernetesManifestsTest {

    final List<Map<String, Object>> documents = Descriptors.yamlDocuments(Descriptors.KUBERNETES);

    Map<String, Object> only(String kind) {
        List<Map<String, Object>> found = documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        assertEquals(1, found.size(), "exactly one " + kind);
        return found.get(0);
    }

    /** The gateway's own Service (the Redis component has one too). */
    Map<String, Object> gatewayService() {
        return documents.stream().filter(d -> "Service".equals(d.get("kind")))
                .filter(d -> "scalr-auth-gateway".equals(at(d, "metadata", "name"))).findFirst().orElseThrow();
    }

    Map<String, Object> container() {
        return map(list(at(only("Deployment"), "spec", "template", "spec", "containers")).get(0));
    }

    @Test
    void moreThanOneReplicaSharesSessionsThroughTheRedisComponent() {
        int replicas = ((Number) at(only("Deployment"), "spec", "replicas")).intValue();
        Map<String, Object> config = map(at(only("ConfigMap"), "data"));
        if (replicas > 1) {
            assertEquals("redis", config.get("GATEWAY_SESSION_STORE"), "a back-channel logout reaches one pod only");
        }
        URI redis = URI.create(String.valueOf(config.get("QUARKUS_REDIS_HOSTS")));
        assertEquals("redis", redis.getScheme());
        String[] dns = redis.getHost().split("\\.");
        Map<String, Object> service = documents.stream().filter(d -> "Service".equals(d.get("kind")))
                .filter(d -> dns[0].equals(at(d, "metadata", "name")) && dns[1].equals(at(d, "metadata", "namespace")))
                .findFirst().orElseThrow(() -> new AssertionError("no Service " + redis.getHost() + " in the manifests"));
        assertEquals(redis.getPort(), map(list(at(service, "spec", "ports")).get(0)).get("port"));
        Object selector = at(service, "spec", "selector");
        Map<String, Object> redisPods = documents.stream().filter(d -> "StatefulSet".equals(d.get("kind")))
                .filter(d -> selector.equals(at(d, "spec", "template", "metadata", "labels"))).findFirst()
                .orElseThrow(() -> new AssertionError("no StatefulSet behind " + selector));
        Map<String, Object> redisContainer = map(list(at(redisPods, "spec", "template", "spec", "containers")).get(0));
        assertTrue(String.valueOf(redisContainer.get("image")).contains("redis"), String.valueOf(redisContainer.get("image")));
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
        // Host, path, headers and trustForwardHeader: DeploymentDescriptorsTest, as for every Traefik-side definition.
        Map<String, Object> middleware = only("Middleware");
        assertEquals("traefik.io/v1alpha1", middleware.get("apiVersion"));
        URI address = URI.create((String) at(middleware, "spec", "forwardAuth", "address"));
        assertEquals(named(list(at(gatewayService(), "spec", "ports")), "forward-auth").get("port"), address.getPort());
        assertEquals(DeploymentDescriptorsTest.LISTENER_PORT, named(list(container().get("ports")), "forward-auth").get("containerPort"));
    }

    /** Without a CPU limit the JVM sees every node core and starts an event loop per core. */
    @Test
    void jvmSeesAFixedNumberOfProcessors() {
        boolean pinned = list(container().getOrDefault("env", List.of())).stream().map(Descriptors::map)
                .anyMatch(e -> String.valueOf(e.get("value")).matches(".*-XX:ActiveProcessorCount=\\d+.*"));
        assertTrue(pinned || map(at(container(), "resources", "limits")).containsKey("cpu"),
                "set -XX:ActiveProcessorCount (JDK_JAVA_OPTIONS) or a CPU limit");
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

    /** The entry of a Kubernetes ports list with this name. */
    static Map<String, Object> named(List<Object> ports, String name) {
        return ports.stream().map(Descriptors::map).filter(p -> name.equals(p.get("name"))).findFirst()
                .orElseThrow(() -> new AssertionError("no port named " + name + " in " + ports));
    }
}
