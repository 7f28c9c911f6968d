package dev.scalr.gateway.dev.frontdoor;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;
import io.vertx.httpproxy.Body;
import io.vertx.httpproxy.ProxyContext;
import io.vertx.httpproxy.ProxyInterceptor;
import io.vertx.httpproxy.ProxyRequest;
import io.vertx.httpproxy.ProxyResponse;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * Traefik's forwardAuth middleware as the platform configures it (docker/traefik/dynamic/scalr-auth.yml,
 * trustForwardHeader: true), in front of the dev echo app. Read from Traefik's source (traefik/traefik at
 * fd5a576, July 2026):
 * <ul>
 * <li>the entrypoint sets X-Real-Ip, X-Forwarded-Proto ({@code ws} for a WebSocket upgrade), -Port and -Host
 * (pkg/middlewares/forwardedheaders/forwarded_header.go, rewrite, lines 144-196), after dropping the
 * X-Forwarded-* a client sent (an untrusted peer);</li>
 * <li>forwardAuth asks with GET, copying every request header but the hop-by-hop ones, appending the peer to
 * X-Forwarded-For and adding X-Forwarded-Method and -Uri (pkg/middlewares/auth/forward.go, ServeHTTP and
 * writeHeader, lines 158-213 and 428-475);</li>
 * <li>an answer outside 2xx goes back to the browser as it came, headers and body (lines 283-311); a 2xx
 * replaces each authResponseHeaders entry on the request to the app with the gateway's value, the client's own
 * value deleted first (lines 314-326).</li>
 * </ul>
 */
final class TraefikForwardAuth implements ProxyInterceptor {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "te", "trailers",
            "transfer-encoding", "upgrade", "proxy-connection");

    private final HttpClient client;
    private final IntSupplier authPort;
    private final List<String> authResponseHeaders;
    private final IntSupplier entrypointPort;

    TraefikForwardAuth(HttpClient client, IntSupplier authPort, List<String> authResponseHeaders,
            IntSupplier entrypointPort) {
        this.client = client;
        this.authPort = authPort;
        this.authResponseHeaders = List.copyOf(authResponseHeaders);
        this.entrypointPort = entrypointPort;
    }

    @Override
    public Future<ProxyResponse> handleProxyRequest(ProxyContext context) {
        ProxyRequest request = context.request();
        MultiMap authHeaders = authRequestHeaders(request.proxiedRequest());
        RequestOptions ask = new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1")
                .setPort(authPort.getAsInt()).setURI("/auth").setHeaders(authHeaders);
        return client.request(ask).compose(auth -> auth.send())
                .compose(answer -> answer.body().compose(body -> decide(context, answer, body)))
                .recover(error -> Future.succeededFuture(request.response().setStatusCode(500)
                        .putHeader("Content-Type", "text/plain; charset=utf-8")
                        .setBody(Body.body(Buffer.buffer("forwardAuth: the gateway did not answer (" + error.getMessage()
                                + ")\n")))));
    }

    private Future<ProxyResponse> decide(ProxyContext context, HttpClientResponse answer, Buffer body) {
        ProxyRequest request = context.request();
        if (answer.statusCode() < 200 || answer.statusCode() >= 300) {
            ProxyResponse response = request.response().setStatusCode(answer.statusCode());
            response.headers().clear();
            answer.headers().forEach(header -> {
                if (!HOP_BY_HOP.contains(header.getKey().toLowerCase(Locale.ROOT))
                        && !"content-length".equalsIgnoreCase(header.getKey())) {
                    response.headers().add(header.getKey(), header.getValue());
                }
            });
            return Future.succeededFuture(response.setBody(Body.body(body)));
        }
        // passHostHeader (Traefik's default): the app sees the host the browser asked for
        request.setAuthority(request.proxiedRequest().authority());
        for (String name : authResponseHeaders) {
            request.headers().remove(name);
            List<String> values = answer.headers().getAll(name);
            if (!values.isEmpty()) {
                request.headers().set(name, values);
            }
        }
        return context.sendRequest();
    }

    private MultiMap authRequestHeaders(HttpServerRequest original) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        original.headers().forEach(header -> {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !name.startsWith("x-forwarded-") && !"x-real-ip".equals(name)) {
                headers.add(header.getKey(), header.getValue());
            }
        });
        String peer = original.remoteAddress().hostAddress();
        boolean websocket = "websocket".equalsIgnoreCase(original.getHeader("Upgrade"));
        headers.set("X-Real-Ip", peer);
        headers.set("X-Forwarded-Proto", websocket ? "ws" : "http");
        headers.set("X-Forwarded-Port", Integer.toString(entrypointPort.getAsInt()));
        headers.set("X-Forwarded-Host", original.authority() == null ? "" : original.authority().toString());
        headers.set("X-Forwarded-For", peer);
        headers.set("X-Forwarded-Method", original.method().name());
        headers.set("X-Forwarded-Uri", original.uri());
        return headers;
    }
}
