package dev.scalr.gateway.deploy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.scalr.gateway.deploy.Descriptors.at;
import static dev.scalr.gateway.deploy.Descriptors.list;
import static dev.scalr.gateway.deploy.Descriptors.map;

/**
 * The scalr-auth forwardAuth middleware as one Traefik-side file defines it (file provider, labels on
 * Traefik's own container, Kubernetes Middleware), read into one shape so each is checked the same way.
 *
 * @param expectedHost the host the address must name: the gateway's container name, or its Service DNS name
 */
record ForwardAuthDefinition(String where, String address, String trustForwardHeader, List<?> authResponseHeaders,
                             String expectedHost, String maxResponseBodySize) {

    static final String NAME = "scalr-auth";

    @Override
    public String toString() {
        return where;
    }

    static List<ForwardAuthDefinition> all() {
        return List.of(fileProvider(), traefikLabels(), kubernetes());
    }

    static ForwardAuthDefinition fileProvider() {
        Map<String, Object> forwardAuth = map(at(Descriptors.yaml(Descriptors.TRAEFIK_FILE_PROVIDER), "http", "middlewares", NAME, "forwardAuth"));
        return new ForwardAuthDefinition("file provider " + Descriptors.ROOT.relativize(Descriptors.TRAEFIK_FILE_PROVIDER),
                (String) forwardAuth.get("address"), String.valueOf(forwardAuth.get("trustForwardHeader")),
                list(forwardAuth.get("authResponseHeaders")), gatewayContainerName(),
                String.valueOf(forwardAuth.get("maxResponseBodySize")));
    }

    /** The alternative: labels on Traefik's own container, which is running whenever Traefik routes anything. */
    static ForwardAuthDefinition traefikLabels() {
        Map<String, String> middleware = ComposeService.all(Descriptors.yaml(Descriptors.TRAEFIK_LABELS)).get("traefik")
                .middlewares().get(NAME);
        return new ForwardAuthDefinition("labels " + Descriptors.ROOT.relativize(Descriptors.TRAEFIK_LABELS),
                middleware.get("forwardauth.address"), middleware.get("forwardauth.trustforwardheader"),
                ComposeService.commaList(middleware.get("forwardauth.authresponseheaders")), gatewayContainerName(),
                String.valueOf(middleware.get("forwardauth.maxresponsebodysize")));
    }

    static ForwardAuthDefinition kubernetes() {
        List<Map<String, Object>> documents = Descriptors.yamlDocuments(Descriptors.KUBERNETES);
        Map<String, Object> middleware = only(documents, "Middleware");
        Map<String, Object> service = documents.stream().filter(d -> "Service".equals(d.get("kind")))
                .filter(d -> "scalr-auth-gateway".equals(at(d, "metadata", "name"))).findFirst().orElseThrow();
        Map<String, Object> forwardAuth = map(at(middleware, "spec", "forwardAuth"));
        return new ForwardAuthDefinition("Kubernetes Middleware", (String) forwardAuth.get("address"),
                String.valueOf(forwardAuth.get("trustForwardHeader")), list(forwardAuth.get("authResponseHeaders")),
                at(service, "metadata", "name") + "." + at(service, "metadata", "namespace") + ".svc.cluster.local",
                String.valueOf(forwardAuth.get("maxResponseBodySize")));
    }

    static Map<String, Object> only(List<Map<String, Object>> documents, String kind) {
        List<Map<String, Object>> found = documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        if (found.size() != 1) {
            throw new AssertionError("expected exactly one " + kind + " but found " + found.size());
        }
        return found.get(0);
    }

    private static String gatewayContainerName() {
        return (String) ComposeService.all(Descriptors.yaml(Descriptors.GATEWAY_COMPOSE)).get("scalr-auth-gateway")
                .definition().get("container_name");
    }
}
