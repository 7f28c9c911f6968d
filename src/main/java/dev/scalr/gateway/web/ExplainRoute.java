package dev.scalr.gateway.web;

import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.explain.ExplainQuery;
import dev.scalr.gateway.explain.Explanations;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * {@code GET /q/gateway/explain?host=&method=&path=&client=} on the main port only (the dedicated forwardAuth
 * listener serves /auth and nothing else): which app and access rule a request would get. A debugging answer
 * for an operator, not a decision, so it has its own handler and never goes through decision/DecisionResponder.
 * It reads no credential. Off with gateway.explain.enabled=false: the route is not registered, so 404.
 */
@ApplicationScoped
public class ExplainRoute {

    public static final String PATH = "/q/gateway/explain";

    private final Explanations explanations;
    private final boolean enabled;

    @Inject
    public ExplainRoute(Explanations explanations, GatewayConfig config) {
        this.explanations = explanations;
        this.enabled = config.explain().enabled();
    }

    void register(@Observes Router router) {
        if (enabled) {
            router.get(PATH).handler(this::handle);
        }
    }

    private void handle(RoutingContext context) {
        HttpServerResponse response = context.response().putHeader("Cache-Control", "no-store")
                .putHeader("X-Content-Type-Options", "nosniff");
        MultiMap params;
        try {
            params = context.queryParams();
        } catch (RuntimeException malformed) {
            // decoding throws on a '%' not followed by two hex digits: a bad query like any other
            answer(response, Explanations.badQuery("the query is not URL-encoded correctly"));
            return;
        }
        ExplainQuery query;
        try {
            query = ExplainQuery.of(params);
        } catch (ExplainQuery.Invalid invalid) {
            answer(response, Explanations.badQuery(invalid.getMessage()));
            return;
        }
        answer(response, explanations.explain(query));
    }

    private static void answer(HttpServerResponse response, Explanations.Answer answer) {
        response.setStatusCode(answer.status())
                .putHeader("Content-Type", answer.status() == 200 ? "application/json" : "application/problem+json")
                .end(answer.body().encodePrettily());
    }
}
