package dev.scalr.gateway.forward;

import java.util.List;
import java.util.Optional;

/**
 * The original client request as Traefik describes it, normalised once at the edge.
 * Nothing else in the gateway reads X-Forwarded-* headers.
 *
 * @param host        lower-case host without port, or null when missing, unparsable or ambiguous
 * @param uri         path and query as the client sent them ("/" when missing)
 * @param path        the path part of uri
 * @param authorization the raw Authorization header, if any
 * @param cookieHeader the raw Cookie header(s), joined with "; ", if any
 * @param fetchSite   the browser's Sec-Fetch-Site (same-origin, same-site, cross-site, none), or null
 * @param originHeader the browser's Origin header as sent, or null (not {@link #origin()}, which is computed)
 * @param fetchMode   the browser's Sec-Fetch-Mode (navigate, cors, no-cors, same-origin, websocket), or null
 * @param fetchDest   the browser's Sec-Fetch-Dest (document, empty, iframe, ...), or null
 * @param websocket   a WebSocket handshake: Upgrade: websocket or Sec-WebSocket-Key (Traefik drops the hop-by-hop
 *                    Upgrade before forwardAuth; the Sec-WebSocket-* headers survive)
 * @param referer     the Referer header as sent, or null
 * @param ambiguousForwarding which X-Forwarded-* header came more than once or as a list, or null: such a request
 *                    is refused (the gateway and the backend could read it differently)
 * @param repeatedAuthorization more than one Authorization header: two credentials, refused
 */
public record ForwardedRequest(String method, String proto, String host, String port, String uri, String path,
        String clientAddress, Optional<String> authorization, Optional<String> cookieHeader, String accept,
        boolean xhr, String fetchSite, String originHeader, String fetchMode, String fetchDest, boolean websocket,
        String referer, String ambiguousForwarding, boolean repeatedAuthorization, CookieJar cookies) {

    /** An unambiguous request without fetch metadata (tests and benchmarks). */
    public ForwardedRequest(String method, String proto, String host, String port, String uri, String path,
            String clientAddress, Optional<String> authorization, Optional<String> cookieHeader, String accept,
            boolean xhr) {
        this(method, proto, host, port, uri, path, clientAddress, authorization, cookieHeader, accept, xhr, null, null,
                null, null, false, null, null, false, new CookieJar(cookieHeader));
    }

    public boolean https() {
        return "https".equals(proto);
    }

    /** The value of one client cookie when sent exactly once; a name sent several times yields nothing. */
    public Optional<String> cookie(String name) {
        return cookies.value(name);
    }

    /** The cookie names looked up for this request that the client sent more than once. */
    public List<String> ambiguousCookies() {
        return cookies.ambiguous();
    }

    /**
     * Browser navigation: only these are sent to sign-in; everything else gets a 401. Fetch metadata decides
     * when the browser sends it (Sec-Fetch-Mode navigate to a document: fetch() and XHR say cors/same-origin,
     * WebSockets websocket); without it, Authelia's rule: an HTML-accepting request that is not XHR. Never a
     * WebSocket handshake (no browser follows a redirect there) nor a request with an Authorization header.
     */
    public boolean browserNavigation() {
        if (websocket || authorization.isPresent()) {
            return false;
        }
        if (fetchMode != null) {
            return fetchMode.trim().equalsIgnoreCase("navigate")
                    && (fetchDest == null || fetchDest.trim().equalsIgnoreCase("document"));
        }
        return accept.contains("text/html") && !xhr;
    }

    /**
     * A browser that cannot follow a redirect (fetch, XHR, WebSocket), as opposed to an API client: it sent fetch
     * metadata, X-Requested-With, a WebSocket handshake, an HTML Accept or a Referer. Such requests learn where
     * to sign in; a bare API client keeps the plain Bearer challenge.
     */
    public boolean fromBrowser() {
        return fetchMode != null || xhr || websocket || accept.contains("text/html") || referer != null;
    }

    /** The public origin the client used, e.g. https://grafana.example.com (default ports omitted). */
    public String origin() {
        boolean defaultPort = port == null || ("https".equals(proto) ? "443" : "80").equals(port);
        return proto + "://" + host + (defaultPort ? "" : ":" + port);
    }
}
