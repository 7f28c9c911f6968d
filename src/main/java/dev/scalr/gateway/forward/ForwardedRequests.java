package dev.scalr.gateway.forward;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;

import java.util.Locale;
import java.util.Optional;

/**
 * Reads Traefik's X-Forwarded-* description of the original request; tolerant of anything missing, but not of
 * anything ambiguous: a repeated or listed X-Forwarded-Host/-Proto/-Method/-Port or a repeated X-Forwarded-Uri is
 * reported (and the host dropped), never resolved by taking the first value that a backend might not take.
 */
public final class ForwardedRequests {

    private ForwardedRequests() {
    }

    /** With the default trusted proxies and no peer address (the log line of a refused peer, tests). */
    public static ForwardedRequest from(HttpServerRequest request) {
        return from(request.headers());
    }

    /** The same from the request's headers alone (benchmarks and tests build these). */
    public static ForwardedRequest from(MultiMap headers) {
        return from(headers, ClientAddresses.DEFAULT, null);
    }

    /**
     * @param clients how the client address is read from X-Forwarded-For (gateway.trusted-proxies, trusted hops)
     * @param peer    the TCP peer's address, the last fallback for the client address
     */
    public static ForwardedRequest from(MultiMap headers, ClientAddresses clients, String peer) {
        HeaderScan read = HeaderScan.of(headers);
        String ambiguous = read.ambiguity();
        String method = upper(read.method);
        if (method == null || !isMethod(method)) {
            method = "GET";
        }
        String proto = secure(trim(read.proto)) ? "https" : "http";
        String host = null;
        String port = null;
        String rawHost = trim(read.host);
        if (rawHost != null && !rawHost.isEmpty() && !read.hostAmbiguous()) {
            String hostPart = rawHost.toLowerCase(Locale.ROOT);
            int colon = hostPart.lastIndexOf(':');
            if (colon > 0 && isPort(hostPart, colon + 1)) {
                port = hostPart.substring(colon + 1);
                hostPart = hostPart.substring(0, colon);
            }
            if (hostPart.endsWith(".")) {
                hostPart = hostPart.substring(0, hostPart.length() - 1);
            }
            host = isHost(hostPart) ? hostPart : null;
        }
        if (port == null) {
            String forwardedPort = trim(read.port);
            port = forwardedPort != null && isPort(forwardedPort, 0) ? forwardedPort : null;
        }
        String uri = read.uri;
        if (uri == null || uri.isEmpty()) {
            uri = "/";
        }
        int query = uri.indexOf('?');
        String path = query >= 0 ? uri.substring(0, query) : uri;
        String client = clients.of(read.forwardedFor, read.realIp, peer);
        boolean xhr = "XMLHttpRequest".equalsIgnoreCase(trim(read.requestedWith));
        Optional<String> cookies = Optional.ofNullable(read.cookieHeader());
        return new ForwardedRequest(method, proto, host, port, uri, path, client,
                Optional.ofNullable(read.authorization), cookies,
                new BrowserHints(read.accept == null ? "" : read.accept, xhr, read.fetchSite, read.origin, read.fetchMode,
                        read.fetchDest, websocket(read), read.referer),
                ambiguous, read.authorizations > 1, cookies.isEmpty() ? CookieJar.NONE : new CookieJar(cookies));
    }

    /** Upgrade rarely reaches forwardAuth (hop-by-hop: Traefik and nginx drop it); Sec-WebSocket-Key does. */
    private static boolean websocket(HeaderScan read) {
        return (read.upgrade != null && read.upgrade.toLowerCase(Locale.ROOT).contains("websocket"))
                || read.websocketKey != null;
    }

    // Hand-written checks rather than regexes: they run on every request (docs/performance.md).

    /** [A-Z]{1,16} */
    static boolean isMethod(String value) {
        if (value.isEmpty() || value.length() > 16) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 'A' || c > 'Z') {
                return false;
            }
        }
        return true;
    }

    /** [0-9]{1,5} from index start to the end. */
    static boolean isPort(String value, int start) {
        int length = value.length() - start;
        if (length < 1 || length > 5) {
            return false;
        }
        for (int i = start; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** [a-z0-9]([a-z0-9.-]*[a-z0-9])? (already lower-cased). */
    static boolean isHost(String value) {
        int last = value.length() - 1;
        if (last < 0 || !isAlnum(value.charAt(0)) || !isAlnum(value.charAt(last))) {
            return false;
        }
        for (int i = 1; i < last; i++) {
            char c = value.charAt(i);
            if (!isAlnum(c) && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    private static boolean isAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    /**
     * https, or wss: Traefik's entry point sets X-Forwarded-Proto ws/wss on a WebSocket handshake
     * (pkg/middlewares/forwardedheaders/forwarded_header.go, rewrite) and forwardAuth passes it on with
     * trustForwardHeader; the browser's cookies, redirects and Secure are those of https.
     */
    private static boolean secure(String proto) {
        return "https".equalsIgnoreCase(proto) || "wss".equalsIgnoreCase(proto);
    }

    /** ":" and [0-9]{1,5} from index colon to the end. */
    static boolean isPortSuffix(String value, int colon) {
        return colon < value.length() && value.charAt(colon) == ':' && isPort(value, colon + 1);
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }

    private static String upper(String value) {
        return value == null ? null : value.trim().toUpperCase(Locale.ROOT);
    }
}
