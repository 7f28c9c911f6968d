package dev.scalr.gateway.metrics;

import dev.scalr.gateway.decision.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per decision: {@code gateway_decisions_total{app,outcome,reason}} and the latency histogram
 * {@code gateway_decision_duration_seconds{app,outcome}} (fixed buckets, so the series count stays small).
 * Uses only what every Decision variant provides: outcome(), reason(), app().
 */
@ApplicationScoped
public class DecisionMetrics {

    private static final Duration[] BUCKETS = {Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    /** Registering a meter builds and hashes its id: done once per label set, not on every request. */
    private final Map<String, Meters> meters = new ConcurrentHashMap<>();

    private record Meters(Counter decisions, Timer duration) {
    }

    @Inject
    public DecisionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(Decision decision, long elapsedNanos) {
        String app = MetricLabels.app(decision.app());
        Meters m = meters.computeIfAbsent(app + '\n' + decision.outcome() + '\n' + decision.reason(),
                key -> register(app, decision.outcome(), decision.reason()));
        m.decisions().increment();
        m.duration().record(elapsedNanos, TimeUnit.NANOSECONDS);
    }

    private Meters register(String app, String outcome, String reason) {
        return new Meters(
                Counter.builder("gateway.decisions").description("forwardAuth decisions by app, outcome and reason")
                        .tag("app", app).tag("outcome", outcome).tag("reason", reason).register(registry),
                Timer.builder("gateway.decision.duration").description("time from request to decision")
                        .tag("app", app).tag("outcome", outcome).serviceLevelObjectives(BUCKETS).register(registry));
    }
}
