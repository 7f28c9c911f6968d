package dev.scalr.gateway.health;

import dev.scalr.gateway.app.AppRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

/** Started once the configuration was accepted (it is checked when the registry is built). */
@Startup
@ApplicationScoped
public class StartedCheck implements HealthCheck {

    private final AppRegistry apps;

    @Inject
    public StartedCheck(AppRegistry apps) {
        this.apps = apps;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("configuration").up()
                .withData("apps", String.join(",", apps.all().stream().map(a -> a.slug()).toList())).build();
    }
}
