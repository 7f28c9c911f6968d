package dev.scalr.gateway.deploy;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** One service of a compose file, with its Traefik labels (map or list form) read as routers and middlewares. */
record ComposeService(String name, Map<String, Object> definition, Map<String, String> labels) {

    static Map<String, ComposeService> all(Map<String, Object> compose) {
        Map<String, ComposeService> services = new LinkedHashMap<>();
        Descriptors.map(Descriptors.at(compose, "services")).forEach((name, definition) -> {
            Map<String, Object> service = Descriptors.map(definition);
            services.put(name, new ComposeService(name, service, labels(service.get("labels"))));
        });
        return services;
    }

    private static Map<String, String> labels(Object labels) {
        Map<String, String> out = new TreeMap<>();
        if (labels instanceof Map<?, ?> map) {
            map.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        } else if (labels instanceof List<?> list) {
            for (Object entry : list) {
                String text = String.valueOf(entry);
                int eq = text.indexOf('=');
                out.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? "" : text.substring(eq + 1));
            }
        }
        return out;
    }

    /** Router name to its properties (rule, entrypoints, middlewares, tls.certresolver, ...). */
    Map<String, Map<String, String>> routers() {
        return grouped("traefik.http.routers.");
    }

    Map<String, Map<String, String>> middlewares() {
        return grouped("traefik.http.middlewares.");
    }

    static List<String> commaList(String value) {
        return value == null || value.isBlank() ? List.of()
                : Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private Map<String, Map<String, String>> grouped(String prefix) {
        Map<String, Map<String, String>> out = new TreeMap<>();
        labels.forEach((key, value) -> {
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                int dot = rest.indexOf('.');
                if (dot > 0) {
                    out.computeIfAbsent(rest.substring(0, dot), k -> new TreeMap<>())
                            .put(rest.substring(dot + 1).toLowerCase(java.util.Locale.ROOT), value);
                }
            }
        });
        return out;
    }
}
