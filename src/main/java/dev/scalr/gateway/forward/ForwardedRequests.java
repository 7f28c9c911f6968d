package dev.scalr.gateway.forward;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads Traefik's X-Forwarded-* description of the original request; tolerant of anything missing, but not of
 * anything ambiguous: a repeated or listed X-Forwarded-Host/-Proto/-Method/-Port or a repeated X-Forwarded-Uri is
 * reported (and the host dropped), never resolved by taking the first value that a backend might not take.
 */
public final class ForwardedRequests {

    // Pre-hashed names: every request looks up all of them.
    private static final CharSequence METHOD = HttpHeaders.createOptimized("X-Forwarded-Method");
    private static final CharSequence PROTO = HttpHeaders.createOptimized("X-Forwarded-Proto");
    private static final CharSequence HOST = HttpHeaders.createOptimized("X-Forwarded-Host");
    private static final CharSequence PORT = HttpHeaders.createOptimized("X-Forwarded-Port");
    private static final CharSequence URI = HttpHeaders.createOptimized("X-Forwarded-Uri");
    private static final CharSequence FOR = HttpHeaders.createOptimized("X-Forwarded-For");
    private static final CharSequence ACCEPT = HttpHeaders.createOptimized("Accept");
    private static final CharSequence REQUESTED_WITH = HttpHeaders.createOptimized("X-Requested-With");
    private static final CharSequence AUTHORIZATION = HttpHeaders.createOptimized("Authorization");
    private static final CharSequence COOKIE = HttpHeaders.createOptimized("Cookie");
    private static final CharSequence FETCH_SITE = HttpHeaders.createOptimized("Sec-Fetch-Site");
    private static final CharSequence ORIGIN = HttpHeaders.createOptimized("Origin");
    private static final CharSequence[] SINGLE_VALUED = {HOST, URI, PROTO, METHOD, PORT};
    private static final CharSequence FETCH_MODE = HttpHeaders.createOptimized("Sec-Fetch-Mode");
    private static final CharSequence FETCH_DEST = HttpHeaders.createOptimized("Sec-Fetch-Dest");
    private static final CharSequence UPGRADE = HttpHeaders.createOptimized("Upgrade");
    private static final CharSequence WEBSOCKET_KEY = HttpHeaders.createOptimized("Sec-WebSocket-Key");
    private static final CharSequence REFERER = HttpHeaders.createOptimized("Referer");

    private ForwardedRequests() {
    }

    public static ForwardedRequest from(HttpServerRequest request) {
        return from(request.headers());
    }

    /** The same from the request's headers alone (what the route hands over; benchmarks build these). */
    public static ForwardedRequest from(MultiMap request) {
        MultiMap headers = request;
        String ambiguous = ambiguity(headers);
        String method = upper(request.get(METHOD));
        if (method == null || !isMethod(method)) {
            method = "GET";
        }
        String proto = "https".equalsIgnoreCase(trim(request.get(PROTO))) ? "https" : "http";
        String host = null;
        String port = null;
        String rawHost = trim(request.get(HOST));
        if (rawHost != null && !rawHost.isEmpty() && (ambiguous == null || !ambiguous.startsWith(HOST.toString()))) {
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
            String forwardedPort = trim(request.get(PORT));
            port = forwardedPort != null && isPort(forwardedPort, 0) ? forwardedPort : null;
        }
        String uri = request.get(URI);
        if (uri == null || uri.isEmpty()) {
            uri = "/";
        }
        int query = uri.indexOf('?');
        String path = query >= 0 ? uri.substring(0, query) : uri;
        String client = first(request.get(FOR));
        String accept = request.get(ACCEPT);
        boolean xhr = "XMLHttpRequest".equalsIgnoreCase(trim(request.get(REQUESTED_WITH)));
        List<String> authorizations = headers.getAll(AUTHORIZATION);
        List<String> cookieLines = headers.getAll(COOKIE);
        // HTTP/2 clients may split cookies over several lines (RFC 9113 8.2.3): they are one list
        Optional<String> cookies = cookieLines.isEmpty() ? Optional.empty()
                : Optional.of(cookieLines.size() == 1 ? cookieLines.get(0) : String.join("; ", cookieLines));
        return new ForwardedRequest(method, proto, host, port, uri, path, client == null ? "" : client,
                authorizations.isEmpty() ? Optional.empty() : Optional.of(authorizations.get(0)), cookies,
                accept == null ? "" : accept, xhr,
                request.get(FETCH_SITE), request.get(ORIGIN), request.get(FETCH_MODE),
                request.get(FETCH_DEST), websocket(request), request.get(REFERER),
                ambiguous, authorizations.size() > 1, new CookieJar(cookies));
    }

    /** Which forwarding header the gateway and a backend could read differently, as a log detail; null if none. */
    static String ambiguity(MultiMap headers) {
        for (CharSequence name : SINGLE_VALUED) {
            List<String> values = headers.getAll(name);
            if (values.size() > 1) {
                return name + " sent " + values.size() + " times";
            }
            // a path may hold a comma; host, proto, method and port never do: a comma there is a list
            if (name != URI && values.size() == 1 && values.get(0).indexOf(',') >= 0) {
                return name + " holds a list";
            }
        }
        return null;
    }

    /** Upgrade rarely reaches forwardAuth (hop-by-hop: Traefik and nginx drop it); Sec-WebSocket-Key does. */
    private static boolean websocket(MultiMap request) {
        String upgrade = request.get(UPGRADE);
        return (upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("websocket"))
                || request.get(WEBSOCKET_KEY) != null;
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

    private static String first(String list) {
        if (list == null) {
            return null;
        }
        int comma = list.indexOf(',');
        String value = (comma >= 0 ? list.substring(0, comma) : list).trim();
        return value.isEmpty() ? null : value;
    }

    private static String trim(String value) {
        return value == null ? null : value.trim();
    }

    private static String upper(String value) {
        return value == null ? null : value.trim().toUpperCase(Locale.ROOT);
    }
}
