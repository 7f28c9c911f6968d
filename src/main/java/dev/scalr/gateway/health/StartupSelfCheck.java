package dev.scalr.gateway.health;

import dev.scalr.gateway.config.GatewayConfig;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

/**
 * Runs the {@link AuthentikProbe} once after startup and logs every finding (WARN) or that all is well (INFO).
 * Never blocks nor fails startup: it waits one key-fetch timeout so the first JWKS fetch has finished.
 */
@ApplicationScoped
public class StartupSelfCheck {

    private static final Logger LOG = Logger.getLogger(StartupSelfCheck.class);

    private final AuthentikProbe probe;
    private final Vertx vertx;
    private final long delayMillis;

    @Inject
    public StartupSelfCheck(AuthentikProbe probe, Vertx vertx, GatewayConfig config) {
        this.probe = probe;
        this.vertx = vertx;
        this.delayMillis = config.keys().fetchTimeout().toMillis() + 500;
    }

    void start(@Observes StartupEvent event) {
        vertx.setTimer(delayMillis, id -> probe.run().whenComplete(StartupSelfCheck::log));
    }

    static void log(AuthentikProbe.Report report, Throwable error) {
        if (error != null) {
            LOG.warnf("self-check could not run: %s", error.getClass().getSimpleName());
        } else if (report.healthy()) {
            LOG.infof("self-check: Authentik agrees with the configuration (%d checks, see /q/health/group/authentik)",
                    report.checks().size());
        } else {
            report.findings().forEach(finding -> LOG.warnf("self-check: %s", finding));
        }
    }
}
