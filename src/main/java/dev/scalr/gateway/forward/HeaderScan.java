package dev.scalr.gateway.forward;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * One pass over the request headers, keeping what ForwardedRequests reads: the first value of each header (as
 * MultiMap.get answers) and how often the ones that must come once came. Replaces a hashed lookup per name and a
 * list per repeated-header check: this runs on every request (docs/performance.md). One request, one thread.
 */
final class HeaderScan {

    static final String HOST = "X-Forwarded-Host";
    static final String URI = "X-Forwarded-Uri";
    static final String PROTO = "X-Forwarded-Proto";
    static final String METHOD = "X-Forwarded-Method";
    static final String PORT = "X-Forwarded-Port";

    // Names by length, so a header is compared with at most three names (HTTP/2 sends them lower-case).
    private static final String[][] BY_LENGTH = new String[19][];

    static {
        String[] names = {HOST, URI, PROTO, METHOD, PORT, "X-Forwarded-For", "Accept", "X-Requested-With",
            "Authorization", "Cookie", "Sec-Fetch-Site", "Origin", "Sec-Fetch-Mode", "Sec-Fetch-Dest", "Upgrade",
            "Sec-WebSocket-Key", "Referer", "X-Real-Ip"};
        for (String name : names) {
            String[] same = BY_LENGTH[name.length()];
            String[] grown = same == null ? new String[1] : Arrays.copyOf(same, same.length + 1);
            grown[grown.length - 1] = name;
            BY_LENGTH[name.length()] = grown;
        }
    }

    String host, uri, proto, method, port, forwardedFor, accept, requestedWith, authorization, cookie, fetchSite,
            origin, fetchMode, fetchDest, upgrade, websocketKey, referer, realIp;
    int hosts, uris, protos, methods, ports, authorizations;
    /** Every Cookie line, only when there is more than one (HTTP/2 clients may split them). */
    List<String> cookies;

    static HeaderScan of(MultiMap headers) {
        HeaderScan scan = new HeaderScan();
        if (headers instanceof HttpHeaders netty) {
            // Vert.x's HTTP/1.x map: Netty's decoder names most headers with a fresh AsciiString, which
            // MultiMap.forEach would copy into a String each; compared as they are, nothing is copied.
            Iterator<Map.Entry<CharSequence, CharSequence>> all = netty.iteratorCharSequence();
            while (all.hasNext()) {
                Map.Entry<CharSequence, CharSequence> header = all.next();
                scan.read(header.getKey(), header.getValue());
            }
        } else {
            headers.forEach(scan::read); // HTTP/2 on the main port
        }
        return scan;
    }

    private void read(CharSequence name, CharSequence text) {
        String known = known(name);
        if (known == null) {
            return;
        }
        String value = text.toString(); // what MultiMap.get answers (the decoder's values are Strings already)
        switch (known) {
            case HOST -> host = hosts++ == 0 ? value : host;
            case URI -> uri = uris++ == 0 ? value : uri;
            case PROTO -> proto = protos++ == 0 ? value : proto;
            case METHOD -> method = methods++ == 0 ? value : method;
            case PORT -> port = ports++ == 0 ? value : port;
            case "Authorization" -> authorization = authorizations++ == 0 ? value : authorization;
            case "Cookie" -> cookie(value);
            // several lines are one list (RFC 9110 5.3), as Traefik joins them (forwarded_header.go, rewrite)
            case "X-Forwarded-For" -> forwardedFor = forwardedFor == null ? value : forwardedFor + ", " + value;
            case "X-Real-Ip" -> realIp = first(realIp, value);
            case "Accept" -> accept = first(accept, value);
            case "X-Requested-With" -> requestedWith = first(requestedWith, value);
            case "Sec-Fetch-Site" -> fetchSite = first(fetchSite, value);
            case "Origin" -> origin = first(origin, value);
            case "Sec-Fetch-Mode" -> fetchMode = first(fetchMode, value);
            case "Sec-Fetch-Dest" -> fetchDest = first(fetchDest, value);
            case "Upgrade" -> upgrade = first(upgrade, value);
            case "Sec-WebSocket-Key" -> websocketKey = first(websocketKey, value);
            case "Referer" -> referer = first(referer, value);
            default -> {
            }
        }
    }

    /** The Cookie header(s) as one list: "; "-joined when sent on several lines (RFC 9113 8.2.3); null when none. */
    String cookieHeader() {
        return cookies == null ? cookie : String.join("; ", cookies);
    }

    /** Which forwarding header the gateway and a backend could read differently, as a log detail; null if none. */
    String ambiguity() {
        // in this order; a path may hold a comma, host, proto, method and port never do: a comma there is a list
        String found = ambiguity(HOST, hosts, host, true);
        found = found != null ? found : ambiguity(URI, uris, uri, false);
        found = found != null ? found : ambiguity(PROTO, protos, proto, true);
        found = found != null ? found : ambiguity(METHOD, methods, method, true);
        return found != null ? found : ambiguity(PORT, ports, port, true);
    }

    /** X-Forwarded-Host sent twice or as a list: the host is then dropped, not guessed. */
    boolean hostAmbiguous() {
        return ambiguity(HOST, hosts, host, true) != null;
    }

    private static String ambiguity(String name, int count, String value, boolean noList) {
        if (count > 1) {
            return name + " sent " + count + " times";
        }
        return noList && count == 1 && value.indexOf(',') >= 0 ? name + " holds a list" : null;
    }

    private void cookie(String value) {
        if (cookie == null && cookies == null) {
            cookie = value;
            return;
        }
        if (cookies == null) {
            cookies = new ArrayList<>(4);
            cookies.add(cookie);
        }
        cookies.add(value);
    }

    /** The constant for a header name read here (any case), or null. */
    private static String known(CharSequence name) {
        String[] candidates = name.length() < BY_LENGTH.length ? BY_LENGTH[name.length()] : null;
        if (candidates != null) {
            for (String candidate : candidates) {
                if (AsciiString.contentEqualsIgnoreCase(candidate, name)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static String first(String kept, String value) {
        return kept == null ? value : kept;
    }
}
