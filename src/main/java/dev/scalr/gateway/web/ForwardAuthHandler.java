package dev.scalr.gateway.web;

import dev.scalr.gateway.decision.Decision;
import dev.scalr.gateway.forward.ClientAddresses;
import dev.scalr.gateway.decision.DecisionLog;
import dev.scalr.gateway.decision.DecisionResponder;
import dev.scalr.gateway.decision.DecisionService;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.forward.ForwardedRequests;
import dev.scalr.gateway.forward.TrustedProxies;
import dev.scalr.gateway.metrics.DecisionMetrics;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Traefik's forwardAuth target: /auth (app by X-Forwarded-Host) and /auth/{slug}, any method.
 * A plain Vert.x request handler, so the dedicated listener ({@link AuthListener}) can serve it with no
 * router or framework handler in front; the main HTTP port serves the same handler ({@link AuthRoute}).
 */
@Singleton
public class ForwardAuthHandler implements Handler<HttpServerRequest> {

    private static final Logger LOG = Logger.getLogger(ForwardAuthHandler.class);
    private static final String PREFIX = "/auth";
    private static final String SLASHED = PREFIX + "/";

    private final DecisionService decisions;
    private final DecisionResponder responder;
    private final TrustedProxies proxies;
    private final ClientAddresses clients;
    private final DecisionMetrics metrics;
    // Decisions still waiting on a key fetch; shutdown lets them answer before the listener closes.
    private final AtomicInteger waiting = new AtomicInteger();

    @Inject
    public ForwardAuthHandler(DecisionService decisions, DecisionResponder responder, TrustedProxies proxies,
            ClientAddresses clients, DecisionMetrics metrics) {
        this.decisions = decisions;
        this.responder = responder;
        this.proxies = proxies;
        this.clients = clients;
        this.metrics = metrics;
    }

    @Override
    public void handle(HttpServerRequest request) {
        String path = request.path();
        if (PREFIX.equals(path) || SLASHED.equals(path)) {
            decide(request, null);
        } else if (path != null && path.startsWith(SLASHED) && path.indexOf('/', SLASHED.length()) < 0) {
            // The slug as sent: slugs are [a-z0-9_-], so anything encoded is simply an undeclared app.
            decide(request, path.substring(SLASHED.length()));
        } else {
            notFound(request.response());
        }
    }

    private void decide(HttpServerRequest http, String slug) {
        long started = System.nanoTime();
        HttpServerResponse response = http.response();
        try {
            String peer = http.remoteAddress() == null ? null : http.remoteAddress().hostAddress();
            if (!proxies.trusts(peer)) {
                // Not trusted to describe a request: decided before anything is read from X-Forwarded-*
                // (they are parsed afterwards for the log line only).
                Decision refused = untrusted(peer);
                metrics.record(refused, System.nanoTime() - started);
                ForwardedRequest described = ForwardedRequests.from(http.headers(), clients, peer);
                DecisionLog.log(described, refused);
                responder.respond(refused, described, response);
                return;
            }
            ForwardedRequest request = ForwardedRequests.from(http.headers(), clients, peer);
            CompletableFuture<Decision> pending = decisions.decide(request, slug).toCompletableFuture();
            boolean waits = !pending.isDone();
            if (waits) {
                waiting.incrementAndGet();
            }
            pending.whenComplete((decision, error) -> {
                try {
                    if (error != null) {
                        fail(response, slug, error);
                        return;
                    }
                    metrics.record(decision, System.nanoTime() - started);
                    DecisionLog.log(request, decision);
                    responder.respond(decision, request, response);
                } catch (RuntimeException e) {
                    fail(response, slug, e);
                } finally {
                    if (waits) {
                        waiting.decrementAndGet();
                    }
                }
            });
        } catch (RuntimeException e) {
            fail(response, slug, e);
        }
    }

    /** How many decisions are waiting on a key fetch (at most the fetch timeout each). */
    public int waiting() {
        return waiting.get();
    }

    /** A bug, never an input: answer at once (Traefik would otherwise wait 30 s) and log the class only. */
    private static void fail(HttpServerResponse response, String slug, Throwable error) {
        LOG.errorf("decision failed app=%s error=%s at=%s", slug, error.getClass().getName(),
                error.getStackTrace().length > 0 ? error.getStackTrace()[0] : "?");
        if (!response.ended() && !response.headWritten()) {
            response.headers().clear();
            response.setStatusCode(503).putHeader("Content-Type", "application/problem+json")
                    .end("{\"status\":503,\"title\":\"gateway error\"}");
        }
    }

    private static void notFound(HttpServerResponse response) {
        response.setStatusCode(404).putHeader("Content-Type", "application/problem+json")
                .end("{\"status\":404,\"title\":\"not found\",\"detail\":\"the forwardAuth endpoint is /auth or /auth/{slug}\"}");
    }

    private static Decision untrusted(String peer) {
        return new Decision.Forbidden(null, null, TrustedProxies.REASON,
                "this gateway answers only its configured proxies",
                "peer " + (peer == null ? "unknown" : peer) + " is not in gateway.trusted-proxies");
    }
}
