package dev.scalr.gateway.health;

import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.keys.AppKeys;
import dev.scalr.gateway.keys.KeyCaches;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Ready when every declared app has usable keys: fetched at least once, non-empty, and the last good
 * fetch no older than gateway.keys.max-stale. A brief Authentik outage therefore does not flap readiness.
 */
@Readiness
@ApplicationScoped
public class KeysReadinessCheck implements HealthCheck {

    private final KeyCaches keys;
    private final Duration maxStale;
    private final Clock clock = Clock.systemUTC();

    @Inject
    public KeysReadinessCheck(KeyCaches keys, GatewayConfig config) {
        this.keys = keys;
        this.maxStale = config.keys().maxStale();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("signing-keys").up();
        Instant now = clock.instant();
        for (AppKeys app : keys.all()) {
            AppKeys.KeyStatus status = app.status();
            String slug = app.app().slug();
            builder.withData(slug + ".keys", status.keyCount());
            status.lastGoodFetch().ifPresent(t -> builder.withData(slug + ".age-seconds", Duration.between(t, now).toSeconds()));
            status.lastError().ifPresent(e -> builder.withData(slug + ".last-error", e));
            boolean usable = status.keyCount() > 0 && status.lastGoodFetch()
                    .map(t -> Duration.between(t, now).compareTo(maxStale) <= 0).orElse(false);
            if (!usable) {
                builder.down().withData(slug + ".problem", status.keyCount() == 0
                        ? "app " + slug + " has no usable signing keys: " + status.lastError().orElse("unknown")
                        : "app " + slug + " keys are older than gateway.keys.max-stale (" + maxStale + ")");
            }
        }
        return builder.build();
    }
}
