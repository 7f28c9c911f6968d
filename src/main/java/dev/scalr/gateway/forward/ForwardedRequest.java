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
 * @param browser     Accept, X-Requested-With, fetch metadata, Origin, WebSocket handshake, Referer
 * @param ambiguousForwarding which X-Forwarded-* header came more than once or as a list, or null: such a request
 *                    is refused (the gateway and the backend could read it differently)
 * @param repeatedAuthorization more than one Authorization header: two credentials, refused
 */
public record ForwardedRequest(String method, String proto, String host, String port, String uri, String path,
        String clientAddress, Optional<String> authorization, Optional<String> cookieHeader, BrowserHints browser,
        String ambiguousForwarding, boolean repeatedAuthorization, CookieJar cookies) {

    /** An unambiguous request without fetch metadata (tests and benchmarks). */
    public ForwardedRequest(String method, String proto, String host, String port, String uri, String path,
            String clientAddress, Optional<String> authorization, Optional<String> cookieHeader, String accept,
            boolean xhr) {
        this(method, proto, host, port, uri, path, clientAddress, authorization, cookieHeader,
                BrowserHints.of(accept, xhr), null, false, new CookieJar(cookieHeader));
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
     * Browser navigation: only these are sent to sign-in; everything else gets a 401. See
     * {@link BrowserHints#navigation()}; never a request with an Authorization header.
     */
    public boolean browserNavigation() {
        return authorization.isEmpty() && browser.navigation();
    }

    /**
     * A browser that cannot follow a redirect (fetch, XHR, WebSocket), as opposed to an API client: it sent fetch
     * metadata, X-Requested-With, a WebSocket handshake, an HTML Accept or a Referer. Such requests learn where
     * to sign in; a bare API client keeps the plain Bearer challenge.
     */
    public boolean fromBrowser() {
        return browser.fromBrowser();
    }

    /** The public origin the client used, e.g. https://grafana.example.com (default ports omitted). */
    public String origin() {
        boolean defaultPort = port == null || ("https".equals(proto) ? "443" : "80").equals(port);
        return proto + "://" + host + (defaultPort ? "" : ":" + port);
    }
}
