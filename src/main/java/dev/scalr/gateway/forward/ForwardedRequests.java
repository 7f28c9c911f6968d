package dev.scalr.gateway.forward;

import io.vertx.core.http.HttpServerRequest;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads Traefik's X-Forwarded-* description of the original request; tolerant of anything missing. */
public final class ForwardedRequests {

    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");

    private ForwardedRequests() {
    }

    public static ForwardedRequest from(HttpServerRequest request) {
        String method = upper(request.getHeader("X-Forwarded-Method"));
        if (method == null || !METHOD.matcher(method).matches()) {
            method = "GET";
        }
        String proto = "https".equalsIgnoreCase(trim(request.getHeader("X-Forwarded-Proto"))) ? "https" : "http";
        String host = null;
        String port = null;
        String rawHost = first(request.getHeader("X-Forwarded-Host"));
        if (rawHost != null) {
            String hostPart = rawHost.toLowerCase(Locale.ROOT);
            int colon = hostPart.lastIndexOf(':');
            if (colon > 0 && PORT.matcher(hostPart.substring(colon + 1)).matches()) {
                port = hostPart.substring(colon + 1);
                hostPart = hostPart.substring(0, colon);
            }
            if (hostPart.endsWith(".")) {
                hostPart = hostPart.substring(0, hostPart.length() - 1);
            }
            host = HOST.matcher(hostPart).matches() ? hostPart : null;
        }
        if (port == null) {
            String forwardedPort = trim(request.getHeader("X-Forwarded-Port"));
            port = forwardedPort != null && PORT.matcher(forwardedPort).matches() ? forwardedPort : null;
        }
        String uri = request.getHeader("X-Forwarded-Uri");
        if (uri == null || uri.isEmpty()) {
            uri = "/";
        }
        int query = uri.indexOf('?');
        String path = query >= 0 ? uri.substring(0, query) : uri;
        String client = first(request.getHeader("X-Forwarded-For"));
        String accept = request.getHeader("Accept");
        boolean xhr = "XMLHttpRequest".equalsIgnoreCase(trim(request.getHeader("X-Requested-With")));
        return new ForwardedRequest(method, proto, host, port, uri, path, client == null ? "" : client,
                Optional.ofNullable(request.getHeader("Authorization")), Optional.ofNullable(request.getHeader("Cookie")),
                accept == null ? "" : accept, xhr);
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
