package dev.scalr.gateway.decision;

import dev.scalr.gateway.config.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * Hands gateway.log.allow-level, deny-level, deny-burst and deny-window to {@link DecisionLog} at startup, and
 * writes the suppressed-count lines of ended windows once per window, so a flood that stopped is summed up too.
 */
@ApplicationScoped
public class DecisionLogLevels {

    private final GatewayConfig config;
    private final Vertx vertx;

    @Inject
    public DecisionLogLevels(GatewayConfig config, Vertx vertx) {
        this.config = config;
        this.vertx = vertx;
    }

    void apply(@Observes StartupEvent event) {
        GatewayConfig.Log log = config.log();
        if (log.denyBurst() < 0 || log.denyWindow().isNegative() || log.denyWindow().isZero()) {
            throw new IllegalStateException("gateway.log.deny-burst (GATEWAY_LOG_DENY_BURST) must be 0 (no limit) or more"
                    + " and gateway.log.deny-window (GATEWAY_LOG_DENY_WINDOW) positive; got " + log.denyBurst() + " and "
                    + log.denyWindow());
        }
        DecisionLog.levels(log.allowLevel(), log.denyLevel());
        DecisionLog.limit(new DecisionLogLimiter(log.denyBurst(), log.denyWindow(), System::nanoTime));
        if (log.denyBurst() > 0) {
            vertx.setPeriodic(log.denyWindow().toMillis(), id -> DecisionLog.summariseEnded());
        }
    }
}
