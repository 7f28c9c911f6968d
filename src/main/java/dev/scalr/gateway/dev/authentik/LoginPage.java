package dev.scalr.gateway.dev.authentik;

import com.sun.net.httpserver.HttpExchange;
import dev.scalr.gateway.page.Html;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The stand-in's pages for a person: the sign-in form, in place of Authentik's flow executor (a username and
 * password for the authorize request it was shown for, whose query rides along in a hidden field and is posted
 * back as it was), and the end of Authentik's session.
 */
final class LoginPage {

    private LoginPage() {
    }

    static void show(HttpExchange exchange, String rawQuery, String error) throws IOException {
        String page = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Sign in - Authentik stand-in"
                + "</title><meta name=\"viewport\" content=\"width=device-width\"></head>\n<body>\n"
                + "<h1>Sign in</h1>\n<p>Authentik stand-in of scalr-auth-gateway's dev mode.</p>\n"
                + (error == null ? "" : "<p role=\"alert\"><strong>" + Html.escape(error) + "</strong></p>\n")
                + "<form method=\"post\" action=\"/application/o/authorize/\">\n"
                + "<input type=\"hidden\" name=\"query\" value=\"" + Html.escape(rawQuery) + "\">\n"
                + "<p><label>Username <input name=\"username\" autocomplete=\"username\" autofocus required></label></p>\n"
                + "<p><label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\" required>"
                + "</label></p>\n<p><label>One-time code (optional: any six digits stand for a second factor here)"
                + " <input name=\"otp\" inputmode=\"numeric\" autocomplete=\"one-time-code\" pattern=\"[0-9]{6}\"></label></p>\n"
                + "<p><button type=\"submit\">Sign in</button></p>\n</form>\n</body></html>\n";
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        // no form-action: Chromium applies it to the redirect that follows the post, to the app's callback on another origin
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'none'");
        exchange.sendResponseHeaders(error == null ? 200 : 401, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Authentik's end-session: its own session ends, then it follows post_logout_redirect_uri when there is one. */
    static void signedOut(HttpExchange exchange, String back) throws IOException {
        if (back != null && (back.startsWith("http://") || back.startsWith("https://"))) {
            exchange.getResponseHeaders().set("Location", back);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
            return;
        }
        byte[] page = ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Signed out - Authentik stand-in"
                + "</title></head>\n<body><h1>Signed out</h1><p>The Authentik stand-in ended your session.</p></body></html>\n")
                .getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, page.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(page);
        }
    }
}
