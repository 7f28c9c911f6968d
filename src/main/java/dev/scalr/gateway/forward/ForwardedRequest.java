package dev.scalr.gateway.forward;

import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;

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
 * @param fetchSite   the browser's Sec-Fetch-Site (same-origin, same-site, cross-site, none), or null
 * @param originHeader the browser's Origin header as sent, or null (not {@link #origin()}, which is computed)
 */
public record ForwardedRequest(String method, String proto, String host, String port, String uri, String path,
        String clientAddress, Optional<String> authorization, Optional<String> cookieHeader, String accept,
        boolean xhr,
        String fetchSite, String originHeader) {

    /** Without fetch metadata (tests, benchmarks). */
    public ForwardedRequest(String method, String proto, String host, String port, String uri, String path,
            String clientAddress, Optional<String> authorization, Optional<String> cookieHeader, String accept,
            boolean xhr) {
        this(method, proto, host, port, uri, path, clientAddress, authorization, cookieHeader, accept, xhr, null, null);
    }

    public boolean https() {
        return "https".equals(proto);
    }

    /** The value of one client cookie, if sent. */
    public Optional<String> cookie(String name) {
        if (cookieHeader.isEmpty()) {
            return Optional.empty();
        }
        for (Cookie cookie : ServerCookieDecoder.LAX.decodeAll(cookieHeader.get())) {
            if (cookie.name().equals(name)) {
                return Optional.of(cookie.value());
            }
        }
        return Optional.empty();
    }

    /**
     * Browser navigation (Authelia's rule): an HTML-accepting request that is not XHR and carries no
     * Authorization header. Only these are sent to sign-in; everything else gets a 401.
     */
    public boolean browserNavigation() {
        return accept.contains("text/html") && !xhr && authorization.isEmpty();
    }

    /** The public origin the client used, e.g. https://grafana.example.com (default ports omitted). */
    public String origin() {
        boolean defaultPort = port == null || ("https".equals(proto) ? "443" : "80").equals(port);
        return proto + "://" + host + (defaultPort ? "" : ":" + port);
    }
}
