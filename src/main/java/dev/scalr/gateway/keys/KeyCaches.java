package dev.scalr.gateway.keys;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.app.AppRegistry;
import dev.scalr.gateway.config.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/** One long-lived key cache per app: first fetch at startup (not awaited), then on a fixed period. */
@Singleton
public class KeyCaches {

    private final Map<String, AppKeys> bySlug = new LinkedHashMap<>();
    private final Vertx vertx;
    private final long refreshMillis;
    private long timerId = -1;

    @Inject
    public KeyCaches(AppRegistry apps, JwksFetcher fetcher, GatewayConfig config, Vertx vertx, KeyFetchListener listener) {
        this.vertx = vertx;
        this.refreshMillis = config.keys().refreshInterval().toMillis();
        for (App app : apps.all()) {
            bySlug.put(app.slug(), new AppKeys(app, fetcher::fetch, Clock.systemUTC(), config.keys().unknownKidCooldown(),
                    listener));
        }
    }

    void start(@Observes StartupEvent event) {
        bySlug.values().forEach(AppKeys::refresh);
        timerId = vertx.setPeriodic(refreshMillis, id -> bySlug.values().forEach(AppKeys::refresh));
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timerId);
    }

    public AppKeys of(App app) {
        return bySlug.get(app.slug());
    }

    public Collection<AppKeys> all() {
        return bySlug.values();
    }
}
