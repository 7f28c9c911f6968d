package dev.scalr.gateway.decision;

import dev.scalr.gateway.config.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/** Hands gateway.log.allow-level and gateway.log.deny-level to {@link DecisionLog} at startup. */
@ApplicationScoped
public class DecisionLogLevels {

    private final GatewayConfig config;

    @Inject
    public DecisionLogLevels(GatewayConfig config) {
        this.config = config;
    }

    void apply(@Observes StartupEvent event) {
        DecisionLog.levels(config.log().allowLevel(), config.log().denyLevel());
    }
}
