package dev.scalr.gateway.e2e;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

import java.util.concurrent.TimeUnit;

/**
 * The protected apps behind Caddy, as a browser meets them: an HTML page with scripts that call fetch and open a
 * WebSocket, a JSON endpoint echoing the identity headers, a WebSocket echo, and a page of another site that frames
 * an app and links to its sign-out.
 */
final class BrowserApp implements AutoCloseable {

    private final Vertx vertx = Vertx.vertx();
    private final HttpServer server;

    BrowserApp() throws Exception {
        server = vertx.createHttpServer().webSocketHandler(ws -> ws.textMessageHandler(ws::writeTextMessage))
                .requestHandler(this::handle).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    int port() {
        return server.actualPort();
    }

    private void handle(HttpServerRequest request) {
        String host = request.authority() == null ? "" : request.authority().host();
        if (request.path().equals("/api/whoami")) {
            JsonObject who = new JsonObject().put("host", host).put("uri", request.uri())
                    .put("user", request.getHeader("X-authentik-username"))
                    .put("cookie", request.getHeader("Cookie") == null ? "" : request.getHeader("Cookie"));
            request.response().putHeader("Content-Type", "application/json").end(who.encode());
        } else if (host.startsWith("portal.")) {
            html(request, "Portal", "<h1>Portal</h1><iframe id=\"app\" src=\"https://whoami.example.test/framed/panel?id=7\""
                    + " width=\"600\" height=\"300\"></iframe><p><a id=\"signout\" href=\"https://whoami.example.test/.scalr-auth/sign_out\">"
                    + "Sign out of whoami</a></p>");
        } else {
            html(request, "App " + host, "<h1 id=\"page\">" + host + " " + request.uri().replace("<", "&lt;") + "</h1>"
                    + "<p>user: <span id=\"user\">" + String.valueOf(request.getHeader("X-authentik-username")) + "</span></p>"
                    + "<p><a id=\"signout\" href=\"/.scalr-auth/sign_out\">Sign out</a></p>");
        }
    }

    private static void html(HttpServerRequest request, String title, String body) {
        request.response().putHeader("Content-Type", "text/html; charset=utf-8")
                .end("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title + "</title></head><body>"
                        + body + "</body></html>");
    }

    @Override
    public void close() {
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }
}
