package dev.scalr.gateway.deploy;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static dev.scalr.gateway.deploy.Descriptors.at;
import static dev.scalr.gateway.deploy.Descriptors.list;
import static dev.scalr.gateway.deploy.Descriptors.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The default trusted-proxy ranges admit every pod, so the network decides who reaches which port: Traefik the
 * forwardAuth listener (4181), the uptime and Prometheus scrapers and Authentik's worker (it sends back-channel
 * logouts to /backchannel-logout/<slug>) the main port (8080); Redis only the gateway.
 */
class NetworkPolicyTest {

    final List<Map<String, Object>> documents = Descriptors.yamlDocuments(Descriptors.KUBERNETES);

    Map<String, Object> policyFor(String app) {
        List<Map<String, Object>> found = documents.stream().filter(d -> "NetworkPolicy".equals(d.get("kind")))
                .filter(d -> app.equals(at(d, "spec", "podSelector", "matchLabels", "app.kubernetes.io/name"))).toList();
        assertEquals(1, found.size(), "exactly one NetworkPolicy selecting " + app);
        return found.get(0);
    }

    /** Port -> the app.kubernetes.io/name (and component) of every peer admitted to it. */
    static Map<Object, Set<String>> admitted(Map<String, Object> policy) {
        assertTrue(list(at(policy, "spec", "policyTypes")).contains("Ingress"));
        Map<Object, Set<String>> byPort = new HashMap<>();
        for (Object rule : list(at(policy, "spec", "ingress"))) {
            List<Object> from = list(map(rule).get("from"));
            assertFalse(from.isEmpty(), "a rule without 'from' admits every pod: " + rule);
            for (Object port : list(map(rule).get("ports"))) {
                for (Object peer : from) {
                    Map<String, Object> labels = map(at(map(peer), "podSelector", "matchLabels"));
                    assertFalse(labels.isEmpty(), "a peer without pod labels admits a whole namespace: " + peer);
                    Object component = labels.get("app.kubernetes.io/component");
                    byPort.computeIfAbsent(map(port).get("port"), p -> new HashSet<>())
                            .add(labels.get("app.kubernetes.io/name") + (component == null ? "" : "/" + component));
                }
            }
        }
        return byPort;
    }

    @Test
    void onlyTraefikReachesTheListenerAndOnlyScrapersAndTheAuthentikWorkerTheMainPort() {
        Map<Object, Set<String>> ports = admitted(policyFor("scalr-auth-gateway"));
        assertEquals(Set.of(4181, 8080), ports.keySet(), ports.toString());
        assertEquals(Set.of("traefik"), ports.get(4181));
        assertEquals(Set.of("prometheus", "uptime", "authentik/worker"), ports.get(8080));
    }

    @Test
    void onlyTheGatewayReachesRedis() {
        Map<Object, Set<String>> ports = admitted(policyFor("scalr-auth-redis"));
        assertEquals(Map.of(6379, Set.of("scalr-auth-gateway")), ports);
    }
}
