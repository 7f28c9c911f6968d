package dev.scalr.gateway.web;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.app.AppRegistry;
import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.session.LogoutTokens;
import dev.scalr.gateway.session.Revocations;
import dev.scalr.gateway.session.SessionStore;
import dev.scalr.gateway.session.BrowserSessions;
import dev.scalr.gateway.token.Verifiers;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * {@code POST /backchannel-logout/<slug>} on the main port (8080): Authentik's back-channel logout (OpenID Connect
 * Back-Channel Logout 1.0) ends the user's sessions of that app at once, on every replica sharing the store.
 * Authentik calls it over the container network; it is not under the reserved prefix of the app hosts, so Traefik's
 * public routers never reach it. A token that does not validate, or is replayed (same jti), gets 400.
 */
@ApplicationScoped
public class BackChannelLogout {

    private static final Logger LOG = Logger.getLogger(BackChannelLogout.class);
    public static final String PATH = "/backchannel-logout/";

    private final AppRegistry apps;
    private final BrowserSessions sessions;
    private final Map<String, LogoutTokens> verifiers = new HashMap<>();
    private final Duration replayWindow;
    private final SessionStore store;
    private final Revocations revocations;

    @Inject
    public BackChannelLogout(AppRegistry apps, Verifiers tokens, GatewayConfig config, BrowserSessions sessions, Clock clock,
            SessionStore store, Revocations revocations) {
        this.apps = apps;
        this.sessions = sessions;
        this.store = store;
        this.revocations = revocations;
        for (App app : apps.all()) {
            if (app.signIn() && app.clientId().isPresent()) {
                verifiers.put(app.slug(), new LogoutTokens(tokens.verifier(app), config.token().algorithms(),
                        config.token().clockSkew(), clock));
            }
        }
        // a jti is remembered as long as its token could still be accepted
        this.replayWindow = LogoutTokens.MAX_AGE.plus(config.token().clockSkew().multipliedBy(2));
    }

    void register(@Observes Router router) {
        router.post(PATH + ":slug").handler(BodyHandler.create(false).setBodyLimit(64 * 1024)).handler(this::handle);
    }

    private void handle(RoutingContext context) {
        HttpServerResponse response = context.response().putHeader("Cache-Control", "no-store");
        String slug = context.pathParam("slug");
        LogoutTokens verifier = verifiers.get(slug);
        if (verifier == null) {
            answer(response, 404, "invalid_request", "no app with sign-in is declared as '" + safe(slug) + "'");
            return;
        }
        App app = apps.bySlug(slug).orElseThrow();
        LogoutTokens.Logout logout;
        try {
            logout = verifier.verify(context.request().getFormAttribute("logout_token"));
        } catch (LogoutTokens.Invalid invalid) {
            LOG.infof("app=%s backchannel-logout=refused reason=\"%s\"", slug, invalid.getMessage());
            answer(response, 400, "invalid_request", "logout_token: " + invalid.getMessage());
            return;
        }
        store.firstUse("jti:" + slug + ":" + logout.jti(), replayWindow)
                .thenCompose(first -> {
                    if (!first) {
                        return java.util.concurrent.CompletableFuture.completedFuture(-1);
                    }
                    // sealed sessions (refresh off, or a provider without offline_access): marked for every replica
                    // sharing the store (this one's memory with a memory store); stored sessions: ended in the store
                    return revocations.revoke(slug, logout.sub(), logout.sid())
                            .thenCompose(marked -> sessions.endAll(app, logout.sub(), logout.sid()));
                })
                .whenComplete((ended, error) -> {
                    if (error != null) {
                        LOG.warnf("app=%s backchannel-logout=store-error error=%s", slug, error.getClass().getSimpleName());
                        answer(response, 503, "temporarily_unavailable", "the session store did not answer");
                    } else if (ended < 0) {
                        LOG.infof("app=%s backchannel-logout=refused reason=\"jti replayed\"", slug);
                        answer(response, 400, "invalid_request", "logout_token: jti already used");
                    } else {
                        LOG.infof("app=%s backchannel-logout=done stored-sessions=%d by=%s", slug, ended,
                                logout.sid() != null ? (logout.sub() != null ? "sid+sub" : "sid") : "sub");
                        response.setStatusCode(200).end();
                    }
                });
    }

    private static void answer(HttpServerResponse response, int status, String error, String description) {
        response.setStatusCode(status).putHeader("Content-Type", "application/json")
                .end("{\"error\":\"" + error + "\",\"error_description\":\"" + description.replace("\"", "'") + "\"}");
    }

    private static String safe(String value) {
        return value == null ? "" : value.replaceAll("[^a-z0-9_-]", "?");
    }
}
