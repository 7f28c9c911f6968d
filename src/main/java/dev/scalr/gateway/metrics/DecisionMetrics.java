package dev.scalr.gateway.metrics;

import dev.scalr.gateway.decision.Decision;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Per decision: {@code gateway_decisions_total{app,outcome,reason}} and the latency histogram
 * {@code gateway_decision_duration_seconds{app,outcome}} (fixed buckets, so the series count stays small).
 * Uses only what every Decision variant provides: outcome(), reason(), app().
 */
@Singleton
public class DecisionMetrics {

    private static final Duration[] BUCKETS = {Duration.ofNanos(500_000), Duration.ofMillis(1), Duration.ofMillis(2),
            Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    /**
     * The meters by app, reason and outcome: registering a meter builds and hashes its id, so that is done once per
     * label set; a request then looks its meters up by the three strings it already has, allocating nothing.
     */
    private final Map<String, Map<String, Map<String, Meters>>> meters = new ConcurrentHashMap<>();

    private record Labels(String app, String outcome, String reason) {
    }

    private record Meters(Counter decisions, Timer duration) {
    }

    @Inject
    public DecisionMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void record(Decision decision, long elapsedNanos) {
        Meters m = meters(MetricLabels.app(decision.app()), decision.outcome(), decision.reason());
        m.decisions().increment();
        m.duration().record(elapsedNanos, TimeUnit.NANOSECONDS);
    }

    private Meters meters(String app, String outcome, String reason) {
        Map<String, Map<String, Meters>> byReason = meters.get(app);
        Map<String, Meters> byOutcome = byReason == null ? null : byReason.get(reason);
        Meters known = byOutcome == null ? null : byOutcome.get(outcome);
        if (known != null) {
            return known;
        }
        return meters.computeIfAbsent(app, a -> new ConcurrentHashMap<>())
                .computeIfAbsent(reason, r -> new ConcurrentHashMap<>())
                .computeIfAbsent(outcome, o -> register(new Labels(app, outcome, reason)));
    }

    private Meters register(Labels labels) {
        return new Meters(
                Counter.builder("gateway.decisions").description("forwardAuth decisions by app, outcome and reason")
                        .tag("app", labels.app()).tag("outcome", labels.outcome()).tag("reason", labels.reason())
                        .register(registry),
                Timer.builder("gateway.decision.duration").description("time from request to decision")
                        .tag("app", labels.app()).tag("outcome", labels.outcome()).serviceLevelObjectives(BUCKETS)
                        .register(registry));
    }
}
