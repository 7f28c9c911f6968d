package dev.scalr.gateway.metrics;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.keys.KeyFetchListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** {@code gateway_jwks_fetches_total{app,result}}, result one of ok, failed, garbage, no_keys. */
@ApplicationScoped
public class KeyMetrics implements KeyFetchListener {

    private final MeterRegistry registry;

    @Inject
    public KeyMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void fetched(App app, Result result) {
        Counter.builder("gateway.jwks.fetches").description("JWKS fetches by app and result")
                .tag("app", MetricLabels.app(app)).tag("result", result.label())
                .register(registry).increment();
    }
}
