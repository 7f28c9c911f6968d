package dev.scalr.gateway.health;

import dev.scalr.gateway.app.AppRegistry;
import dev.scalr.gateway.crypto.SignatureProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Startup;

import java.util.List;

/**
 * Started once the configuration was accepted (it is checked when the registry is built); its data also names
 * the signature provider chosen at startup, and why the JDK's when the native one could not load.
 */
@Startup
@ApplicationScoped
public class StartedCheck implements HealthCheck {

    private final AppRegistry apps;
    private final SignatureProvider provider;

    @Inject
    public StartedCheck(AppRegistry apps, SignatureProvider provider) {
        this.apps = apps;
        this.provider = provider;
    }

    @Override
    public HealthCheckResponse call() {
        return judge(apps.all().stream().map(a -> a.slug()).toList(), provider);
    }

    static HealthCheckResponse judge(List<String> apps, SignatureProvider provider) {
        return HealthCheckResponse.named("configuration").up()
                .withData("apps", String.join(",", apps))
                .withData("signature-provider", provider.status()).build();
    }
}
