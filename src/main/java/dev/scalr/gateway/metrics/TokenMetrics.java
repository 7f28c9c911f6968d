package dev.scalr.gateway.metrics;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.token.TokenEvents;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/** {@code gateway_legacy_issuer_accepted_total{app}}: tokens verified under a legacy issuer (migration window). */
@Singleton
public class TokenMetrics implements TokenEvents {

    static final String LEGACY_ACCEPTED = "gateway.legacy.issuer.accepted";

    private final MeterRegistry registry;

    @Inject
    public TokenMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void legacyIssuerAccepted(App app) {
        legacyCounter(registry, app).increment();
    }

    static Counter legacyCounter(MeterRegistry registry, App app) {
        return Counter.builder(LEGACY_ACCEPTED).description("tokens accepted under a legacy issuer, by app")
                .tag("app", MetricLabels.app(app)).register(registry);
    }
}
