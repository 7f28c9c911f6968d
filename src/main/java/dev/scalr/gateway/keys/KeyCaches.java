package dev.scalr.gateway.keys;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.app.AppRegistry;
import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.crypto.SignatureProvider;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One long-lived key cache per app: first fetch at startup (not awaited), then on a fixed period. A failed
 * fetch is retried with backoff ({@link FetchRetry}) rather than at the next period, so a gateway that
 * started before Authentik is ready seconds after Authentik, not up to a refresh interval later.
 */
@Singleton
public class KeyCaches {

    private final Map<String, AppKeys> bySlug = new LinkedHashMap<>();
    private final List<FetchRetry> retries = new ArrayList<>();
    private final Vertx vertx;
    private final long refreshMillis;
    private long timerId = -1;

    @Inject
    public KeyCaches(AppRegistry apps, JwksFetcher fetcher, GatewayConfig config, Vertx vertx, KeyFetchListener listener,
            SignatureProvider provider, Clock clock) {
        this.vertx = vertx;
        this.refreshMillis = config.keys().refreshInterval().toMillis();
        for (App app : apps.all()) {
            AppKeys keys = new AppKeys(app, fetcher::fetch, clock, config.keys().unknownKidCooldown(), listener,
                    provider::prepare);
            bySlug.put(app.slug(), keys);
            retries.add(new FetchRetry(keys, config.keys().unknownKidCooldown(),
                    (delay, task) -> vertx.setTimer(delay.toMillis(), id -> task.run())));
        }
    }

    void start(@Observes StartupEvent event) {
        retries.forEach(FetchRetry::fetch);
        timerId = vertx.setPeriodic(refreshMillis, id -> retries.forEach(FetchRetry::fetch));
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timerId);
        retries.forEach(FetchRetry::stop);
    }

    public AppKeys of(App app) {
        return bySlug.get(app.slug());
    }

    public Collection<AppKeys> all() {
        return bySlug.values();
    }
}
