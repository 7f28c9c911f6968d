package dev.scalr.gateway.metrics;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.app.AppRegistry;
import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.keys.AppKeys;
import dev.scalr.gateway.keys.KeyCaches;
import dev.scalr.gateway.token.RejectedTokens;
import dev.scalr.gateway.token.TokenCache;
import dev.scalr.gateway.token.TokenVerifier;
import dev.scalr.gateway.token.Verifiers;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Per-app meters read from the long-lived state, registered once at startup:
 * {@code gateway_jwks_last_success_age_seconds{app}} (since the last good JWKS fetch; since gateway start
 * while there has been none), {@code gateway_token_cache_lookups_total{app,result=hit|miss}},
 * {@code gateway_token_rejected_cache_hits_total{app}} (refusals answered from memory),
 * {@code gateway_token_signature_checks_total{app}} (what first-seen tokens cost), and
 * {@code gateway_legacy_issuer_accepted_total{app}} at 0 when a migration window is configured.
 */
@Startup
@ApplicationScoped
public class AppGauges {

    /**
     * Removed again at shutdown: these meters read this application's objects, and a registry that outlives it (the
     * JVM-wide composite when tests restart the application) would otherwise hand the next one these meters, bound
     * to objects no longer in use.
     */
    private final List<Meter> meters = new ArrayList<>();
    private final MeterRegistry registry;

    @Inject
    public AppGauges(AppRegistry apps, KeyCaches keys, Verifiers verifiers, MeterRegistry registry, Clock clock,
            GatewayConfig config) {
        this.registry = registry;
        Instant started = clock.instant();
        for (App app : apps.all()) {
            AppKeys appKeys = keys.of(app);
            meters.add(Gauge.builder("gateway.jwks.last.success.age", appKeys,
                            k -> Duration.between(k.status().lastGoodFetch().orElse(started), clock.instant()).toMillis() / 1000.0)
                    .description("seconds since the app's last good JWKS fetch (since start while there was none)")
                    .baseUnit("seconds").tag("app", app.slug()).strongReference(true).register(registry));
            TokenCache cache = verifiers.cache(app);
            meters.add(FunctionCounter.builder("gateway.token.cache.lookups", cache, TokenCache::hits)
                    .description("verified-token cache lookups by app and result").tag("app", app.slug())
                    .tag("result", "hit").register(registry));
            meters.add(FunctionCounter.builder("gateway.token.cache.lookups", cache, TokenCache::misses)
                    .description("verified-token cache lookups by app and result").tag("app", app.slug())
                    .tag("result", "miss").register(registry));
            meters.add(FunctionCounter.builder("gateway.token.rejected.cache.hits", verifiers.rejected(app), RejectedTokens::hits)
                    .description("refused tokens answered from memory, without a signature check, by app")
                    .tag("app", app.slug()).register(registry));
            meters.add(FunctionCounter.builder("gateway.token.signature.checks", verifiers.verifier(app), TokenVerifier::signatureChecks)
                    .description("token signatures checked, by app").tag("app", app.slug()).register(registry));
            if (config.legacyIssuers().isPresent()) {
                meters.add(TokenMetrics.legacyCounter(registry, app));
            }
        }
    }

    @PreDestroy
    void remove() {
        meters.forEach(registry::remove);
    }
}
