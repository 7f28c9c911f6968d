package dev.scalr.gateway.web;

import dev.scalr.gateway.decision.Decision;
import dev.scalr.gateway.decision.DecisionLog;
import dev.scalr.gateway.decision.DecisionResponder;
import dev.scalr.gateway.decision.DecisionService;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.forward.ForwardedRequests;
import dev.scalr.gateway.forward.TrustedProxies;
import dev.scalr.gateway.metrics.DecisionMetrics;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Traefik's forwardAuth target: /auth (app by X-Forwarded-Host) and /auth/{slug}, any method.
 * A plain Vert.x route rather than a JAX-RS resource: it takes every method without one Java method
 * per verb and runs on the event loop with nothing in between (see docs/architecture.md).
 */
@ApplicationScoped
public class AuthRoute {

    private static final Logger LOG = Logger.getLogger(AuthRoute.class);

    private final DecisionService decisions;
    private final DecisionResponder responder;
    private final TrustedProxies proxies;
    private final DecisionMetrics metrics;

    @Inject
    public AuthRoute(DecisionService decisions, DecisionResponder responder, TrustedProxies proxies,
            DecisionMetrics metrics) {
        this.decisions = decisions;
        this.responder = responder;
        this.proxies = proxies;
        this.metrics = metrics;
    }

    void register(@Observes Router router) {
        router.route("/auth").handler(ctx -> handle(ctx, null));
        router.route("/auth/:slug").handler(ctx -> handle(ctx, ctx.pathParam("slug")));
    }

    private void handle(RoutingContext ctx, String slug) {
        long started = System.nanoTime();
        try {
            String peer = ctx.request().remoteAddress() == null ? null : ctx.request().remoteAddress().hostAddress();
            if (!proxies.trusts(peer)) {
                // Not trusted to describe a request: decided before anything is read from X-Forwarded-*
                // (they are parsed afterwards for the log line only).
                Decision refused = untrusted(peer);
                metrics.record(refused, System.nanoTime() - started);
                DecisionLog.log(ForwardedRequests.from(ctx.request()), refused);
                responder.respond(refused, ctx.response());
                return;
            }
            ForwardedRequest request = ForwardedRequests.from(ctx.request());
            decisions.decide(request, slug).whenComplete((decision, error) -> {
                if (error != null) {
                    fail(ctx, slug, error);
                    return;
                }
                try {
                    metrics.record(decision, System.nanoTime() - started);
                    DecisionLog.log(request, decision);
                    responder.respond(decision, ctx.response());
                } catch (RuntimeException e) {
                    fail(ctx, slug, e);
                }
            });
        } catch (RuntimeException e) {
            fail(ctx, slug, e);
        }
    }

    /** A bug, never an input: answer at once (Traefik would otherwise wait 30 s) and log the class only. */
    private static void fail(RoutingContext ctx, String slug, Throwable error) {
        LOG.errorf("decision failed app=%s error=%s at=%s", slug, error.getClass().getName(),
                error.getStackTrace().length > 0 ? error.getStackTrace()[0] : "?");
        if (!ctx.response().ended() && !ctx.response().headWritten()) {
            ctx.response().headers().clear();
            ctx.response().setStatusCode(503).putHeader("Content-Type", "application/problem+json")
                    .end("{\"status\":503,\"title\":\"gateway error\"}");
        }
    }

    private static Decision untrusted(String peer) {
        return new Decision.Forbidden(null, null, TrustedProxies.REASON,
                "this gateway answers only its configured proxies",
                "peer " + (peer == null ? "unknown" : peer) + " is not in gateway.trusted-proxies");
    }
}
