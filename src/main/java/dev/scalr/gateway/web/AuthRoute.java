package dev.scalr.gateway.web;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * /auth and /auth/{slug} on the main HTTP port too, next to /q/health, for one-port setups. Same handler as
 * the dedicated listener; that one skips the router and Quarkus' per-request handlers (docs/performance.md).
 */
@ApplicationScoped
public class AuthRoute {

    private final ForwardAuthHandler handler;

    @Inject
    public AuthRoute(ForwardAuthHandler handler) {
        this.handler = handler;
    }

    void register(@Observes Router router) {
        router.route("/auth").handler(ctx -> handler.handle(ctx.request()));
        router.route("/auth/*").handler(ctx -> handler.handle(ctx.request()));
    }
}
