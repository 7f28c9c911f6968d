package dev.scalr.gateway.keys;

import dev.scalr.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Fetches a JWKS document over HTTP without blocking any thread. */
@ApplicationScoped
public class JwksFetcher {

    /** Bigger documents are refused: a real JWKS holds a handful of keys. */
    static final int MAX_BYTES = 256 * 1024;

    private final HttpClient client;
    private final long timeoutMillis;

    @Inject
    public JwksFetcher(Vertx vertx, GatewayConfig config) {
        this.client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(4).setKeepAlive(true));
        this.timeoutMillis = config.keys().fetchTimeout().toMillis();
    }

    public CompletionStage<String> fetch(String url) {
        CompletableFuture<String> result = new CompletableFuture<>();
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .setTimeout(timeoutMillis).putHeader("Accept", "application/json");
        client.request(options)
                .compose(req -> req.send())
                .compose(resp -> {
                    if (resp.statusCode() != 200) {
                        resp.end();
                        return io.vertx.core.Future.failedFuture("HTTP " + resp.statusCode());
                    }
                    return resp.body();
                })
                .onSuccess(body -> {
                    if (body.length() > MAX_BYTES) {
                        result.completeExceptionally(new IllegalStateException("document larger than " + MAX_BYTES + " bytes"));
                    } else {
                        result.complete(body.toString());
                    }
                })
                .onFailure(result::completeExceptionally);
        return result;
    }
}
