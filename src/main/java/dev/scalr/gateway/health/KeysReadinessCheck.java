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
import java.util.Collection;

/**
 * Ready while at least one declared app has usable keys: fetched, non-empty, and the last good fetch no older
 * than gateway.keys.max-stale (so a brief Authentik outage does not flap readiness). An app without usable keys
 * is named in the data but does not take the instance out: every replica shares its cause (a provider without a
 * signing key, a wrong slug), so an unready pod would only turn the other apps' traffic into Traefik 500s too.
 */
@Readiness
@ApplicationScoped
public class KeysReadinessCheck implements HealthCheck {

    private final KeyCaches keys;
    private final Duration maxStale;
    private final Clock clock;

    @Inject
    public KeysReadinessCheck(KeyCaches keys, GatewayConfig config, Clock clock) {
        this.keys = keys;
        this.clock = clock;
        this.maxStale = config.keys().maxStale();
    }

    @Override
    public HealthCheckResponse call() {
        return judge(keys.all(), maxStale, clock.instant());
    }

    static HealthCheckResponse judge(Collection<AppKeys> apps, Duration maxStale, Instant now) {
        HealthCheckResponseBuilder builder = HealthCheckResponse.named("signing-keys");
        int usableApps = 0;
        for (AppKeys app : apps) {
            AppKeys.KeyStatus status = app.status();
            String slug = app.app().slug();
            builder.withData(slug + ".keys", status.keyCount());
            status.lastGoodFetch().ifPresent(t -> builder.withData(slug + ".age-seconds", Duration.between(t, now).toSeconds()));
            status.lastError().ifPresent(e -> builder.withData(slug + ".last-error", e));
            boolean usable = status.keyCount() > 0 && status.lastGoodFetch()
                    .map(t -> Duration.between(t, now).compareTo(maxStale) <= 0).orElse(false);
            if (usable) {
                usableApps++;
            } else {
                builder.withData(slug + ".problem", status.keyCount() == 0
                        ? "app " + slug + " has no usable signing keys: " + status.lastError().orElse("unknown")
                        : "app " + slug + " keys are older than gateway.keys.max-stale (" + maxStale + ")");
            }
        }
        builder.withData("usable-apps", usableApps + "/" + apps.size());
        return builder.status(usableApps > 0 || apps.isEmpty()).build();
    }
}
