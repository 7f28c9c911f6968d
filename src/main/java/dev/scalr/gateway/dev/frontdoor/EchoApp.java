package dev.scalr.gateway.dev.frontdoor;

import dev.scalr.gateway.page.Html;
import io.vertx.core.http.HttpServerRequest;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The app behind the dev front door: a page listing the identity headers it received, so a newcomer sees
 * what an app protected by the gateway reads.
 */
final class EchoApp {

    private EchoApp() {
    }

    static void handle(HttpServerRequest request) {
        Map<String, String> identity = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Map<String, String> other = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        request.headers().forEach(header -> {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            Map<String, String> into = name.startsWith("x-authentik-") || name.startsWith("x-auth-request-") ? identity : other;
            into.merge(header.getKey(), header.getValue(), (a, b) -> a + ", " + b);
        });
        StringBuilder page = new StringBuilder(4096)
                .append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>whoami - scalr-auth-gateway dev")
                .append("</title><meta name=\"viewport\" content=\"width=device-width\"></head>\n<body>\n")
                .append("<h1>Signed in as ").append(Html.escape(identity.getOrDefault("X-authentik-username", "(nobody)")))
                .append("</h1>\n<p>This echo app sits behind the dev front door, which asked the gateway first, as Traefik ")
                .append("does. These are the identity headers it received for <code>").append(Html.escape(request.method().name()))
                .append(' ').append(Html.escape(request.uri())).append("</code>:</p>\n");
        table(page, identity, true);
        page.append("<p><a href=\"/.scalr-auth/sign_out\">Sign out</a></p>\n<details><summary>Other request headers</summary>\n");
        table(page, other, false);
        page.append("</details>\n</body></html>\n");
        request.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", "default-src 'none'").end(page.toString());
    }

    private static void table(StringBuilder page, Map<String, String> headers, boolean identity) {
        page.append("<table id=\"").append(identity ? "identity" : "other").append("\">\n");
        headers.forEach((name, value) -> page.append("<tr><th scope=\"row\">").append(Html.escape(name)).append(":</th><td>")
                .append(Html.escape(value.length() > 48 && (name.equalsIgnoreCase("X-authentik-jwt") || name.equalsIgnoreCase("Cookie"))
                        ? value.substring(0, 40) + "... (" + value.length() + " chars)" : value))
                .append("</td></tr>\n"));
        page.append("</table>\n");
    }
}
