package dev.scalr.gateway.signin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/** The query parameters of the forwarded URI (first value wins; undecodable input is dropped). */
final class Query {

    private final Map<String, String> values;

    private Query(Map<String, String> values) {
        this.values = values;
    }

    static Query of(String uri) {
        Map<String, String> values = new HashMap<>();
        int start = uri.indexOf('?');
        if (start >= 0) {
            for (String pair : uri.substring(start + 1).split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq >= 0 ? pair.substring(0, eq) : pair);
                String value = decode(eq >= 0 ? pair.substring(eq + 1) : "");
                if (name != null && value != null && value.length() <= 4096) {
                    values.putIfAbsent(name, value);
                }
            }
        }
        return new Query(values);
    }

    String get(String name) {
        return values.get(name);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
