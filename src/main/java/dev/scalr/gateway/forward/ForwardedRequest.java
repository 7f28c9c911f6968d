package dev.scalr.gateway.forward;

import java.util.Optional;

/**
 * The original client request as Traefik describes it, normalised once at the edge.
 * Nothing else in the gateway reads X-Forwarded-* headers.
 *
 * @param host        lower-case host without port, or null when missing or unparsable
 * @param uri         path and query as the client sent them ("/" when missing)
 * @param path        the path part of uri
 * @param authorization the raw Authorization header, if any
 * @param cookieHeader the raw Cookie header, if any
 */
public record ForwardedRequest(String method, String proto, String host, String port, String uri, String path,
        String clientAddress, Optional<String> authorization, Optional<String> cookieHeader, String accept,
        boolean xhr) {

    public boolean https() {
        return "https".equals(proto);
    }
}
