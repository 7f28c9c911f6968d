package dev.scalr.gateway.explain;

import io.vertx.core.MultiMap;

import java.util.List;
import java.util.Locale;

/**
 * The query of /q/gateway/explain, checked before anything reads it: the request to explain as Traefik would have
 * described it. Every mistake is a sentence for a 400 answer; nothing here is resolved by guessing.
 *
 * @param host   X-Forwarded-Host (a port and a trailing dot are dropped, as for a forwarded request)
 * @param method X-Forwarded-Method, upper case; GET when not given
 * @param uri    X-Forwarded-Uri: the path as the client sent it, percent-encodings and all, maybe with a query
 * @param client the client's address as the gateway would derive it, or null (then no rule with networks applies)
 */
public record ExplainQuery(String host, String method, String uri, String client) {

    static final List<String> NAMES = List.of("host", "method", "path", "client");
    // Longer than anything real, short enough that an answer echoing them stays small: DNS names end at 253,
    // methods at 16 for the forwarded request, an address literal with zone and port well within 64.
    static final int MAX_HOST = 253;
    static final int MAX_METHOD = 16;
    static final int MAX_PATH = 8192;
    static final int MAX_CLIENT = 64;

    /** A query that cannot be explained; the message says which parameter and why. */
    public static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    public static ExplainQuery of(MultiMap params) throws Invalid {
        for (String name : params.names()) {
            if (!NAMES.contains(name)) {
                throw new Invalid("unknown parameter '" + shown(name) + "'; use " + String.join(", ", NAMES));
            }
        }
        String host = one(params, "host", MAX_HOST, true);
        String method = one(params, "method", MAX_METHOD, false);
        String path = one(params, "path", MAX_PATH, true);
        String client = one(params, "client", MAX_CLIENT, false);
        if (method != null && !method.chars().allMatch(c -> (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
            throw new Invalid("method must be letters only, e.g. GET");
        }
        if (!path.startsWith("/")) {
            throw new Invalid("path must start with '/' (the path as the client sent it, URL-encoded in this query)");
        }
        return new ExplainQuery(host, method == null ? "GET" : method.toUpperCase(Locale.ROOT), path, client);
    }

    private static String one(MultiMap params, String name, int max, boolean required) throws Invalid {
        List<String> values = params.getAll(name);
        if (values.size() > 1) {
            throw new Invalid(name + " was given " + values.size() + " times; give it once");
        }
        String value = values.isEmpty() ? null : values.get(0);
        if (value == null || value.isEmpty()) {
            if (required) {
                throw new Invalid(name + " is missing");
            }
            return null;
        }
        if (value.length() > max) {
            throw new Invalid(name + " is longer than " + max + " characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            // C0, DEL, C1 and the Unicode line breaks: nothing a forwarded header could carry, nothing to echo
            if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                throw new Invalid(name + " holds a control character at index " + i);
            }
        }
        return value;
    }

    /** A parameter name as it may appear in an answer: short, and nothing but letters, digits and a few marks. */
    private static String shown(String name) {
        String cut = name.length() > 32 ? name.substring(0, 32) + "..." : name;
        return cut.replaceAll("[^A-Za-z0-9_.-]", "?");
    }
}
