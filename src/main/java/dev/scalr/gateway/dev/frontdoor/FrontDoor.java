package dev.scalr.gateway.dev.frontdoor;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpServer;
import io.vertx.httpproxy.HttpProxy;

import java.util.List;
import java.util.function.IntSupplier;

/**
 * Dev mode's stand-in for Traefik: a reverse proxy (Vert.x HTTP proxy) whose every request first asks the
 * gateway's forwardAuth listener as Traefik does ({@link TraefikForwardAuth}), then reaches the built-in
 * {@link EchoApp}. Any *.localhost host works: browsers resolve them to loopback, and the gateway picks the app
 * by the host as it would behind Traefik.
 */
public final class FrontDoor {

    private final Vertx vertx;
    private HttpClient client;
    private HttpServer echo;
    private volatile HttpServer proxy;

    public FrontDoor(Vertx vertx) {
        this.vertx = vertx;
    }

    /**
     * @param authPort            the gateway's forwardAuth listener, asked for each request (bound after this starts)
     * @param authResponseHeaders what the Traefik middleware copies from a 2xx answer onto the app's request
     */
    public Future<Integer> start(String host, int port, IntSupplier authPort, List<String> authResponseHeaders) {
        client = vertx.createHttpClient();
        return vertx.createHttpServer().requestHandler(EchoApp::handle).listen(0, "127.0.0.1").compose(app -> {
            echo = app;
            // the interceptor is in place before the port opens: no request ever reaches the app unasked
            HttpProxy reverse = HttpProxy.reverseProxy(client).origin(app.actualPort(), "127.0.0.1")
                    .addInterceptor(new TraefikForwardAuth(client, authPort, authResponseHeaders,
                            () -> proxy == null ? port : proxy.actualPort()));
            return vertx.createHttpServer().requestHandler(reverse).listen(port, host).map(server -> {
                proxy = server;
                return server.actualPort();
            });
        });
    }

    public Future<Void> stop() {
        Future<Void> closed = Future.succeededFuture();
        if (proxy != null) {
            closed = closed.compose(v -> proxy.close());
        }
        if (echo != null) {
            closed = closed.compose(v -> echo.close());
        }
        return client == null ? closed : closed.compose(v -> client.close());
    }
}
