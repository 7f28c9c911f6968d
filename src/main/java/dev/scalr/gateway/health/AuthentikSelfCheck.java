package dev.scalr.gateway.health;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.health.api.HealthGroup;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * /q/health/group/authentik: does the configuration agree with the running Authentik (see
 * {@link AuthentikProbe})? Deliberately not part of readiness: a wrong issuer is fixed by an operator, not by
 * taking the gateway out of rotation. Each check's data value is "ok" or a sentence saying what to fix.
 */
@HealthGroup("authentik")
@ApplicationScoped
public class AuthentikSelfCheck implements AsyncHealthCheck {

    private final AuthentikProbe probe;

    @Inject
    public AuthentikSelfCheck(AuthentikProbe probe) {
        this.probe = probe;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return Uni.createFrom().completionStage(probe::run).map(report -> {
            HealthCheckResponseBuilder builder = HealthCheckResponse.named("authentik-configuration")
                    .status(report.healthy());
            report.checks().forEach(builder::withData);
            return builder.build();
        });
    }
}
