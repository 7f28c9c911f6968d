package dev.scalr.gateway.dev;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.app.AppRegistry;
import dev.scalr.gateway.config.DomainConfig;
import dev.scalr.gateway.config.PlatformConfig;
import dev.scalr.gateway.dev.authentik.FakeAuthentik;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.frontdoor.FrontDoor;
import dev.scalr.gateway.identity.IdentityHeaders;
import dev.scalr.gateway.web.AuthListener;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What {@code ./mvnw quarkus:dev} runs besides the gateway, so a newcomer sees it work with nothing else installed:
 * the Authentik stand-in the tests use, serving every declared app (keys, sign-in form, tokens, app passwords) at
 * AUTHENTIK_INTERNAL_HOST, and a front door in Traefik's place. A dev-build bean: a prod or test build has neither,
 * whatever its configuration says (PackagedWithoutDevStackIT).
 */
@IfBuildProfile("dev")
@ApplicationScoped
public class DevStack {

    private static final Logger LOG = Logger.getLogger(DevStack.class);

    private final DevConfig config;
    private final PlatformConfig platform;
    private final AppRegistry apps;
    private final DomainConfig domain;
    private final AuthListener listener;
    private final Vertx vertx;
    private final String host;
    private FakeAuthentik authentik;
    private FrontDoor frontDoor;
    private volatile int frontDoorPort = -1;

    @Inject
    public DevStack(DevConfig config, PlatformConfig platform, DomainConfig domain, AppRegistry apps,
            AuthListener listener, Vertx vertx,
            @ConfigProperty(name = "quarkus.http.host") String host) {
        this.config = config;
        this.platform = platform;
        this.apps = apps;
        this.domain = domain;
        this.listener = listener;
        this.vertx = vertx;
        this.host = host;
    }

    // Before every other startup observer: the first JWKS fetch then finds the stand-in answering.
    void start(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event) throws Exception {
        URI internal = URI.create(platform.internalHost());
        if (!config.standIn()) {
            LOG.info("dev: no Authentik stand-in (gateway.dev.stand-in=false)");
        } else if (!isLoopback(internal.getHost())) {
            LOG.infof("dev: AUTHENTIK_INTERNAL_HOST is %s, not this machine: no Authentik stand-in", internal);
        } else {
            startAuthentik(new InetSocketAddress(internal.getHost(), internal.getPort() < 0 ? 80 : internal.getPort()));
        }
        if (config.frontDoor().port() >= 0) {
            frontDoor = new FrontDoor(vertx);
            int port = frontDoorPort = frontDoor.start(host, config.frontDoor().port(), listener::port, IdentityHeaders.ALL_NAMES)
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            apps.all().forEach(app -> LOG.infof("dev: open http://%s:%d/ (front door in Traefik's place, app %s)",
                    app.slug() + "." + domain.publicDomain(), port, app.slug()));
        }
    }

    private void startAuthentik(InetSocketAddress address) {
        authentik = new FakeAuthentik(address);
        DevConfig.User user = config.user();
        authentik.signIn().account(user.name(), user.password(), user.groups(), user.email());
        authentik.signIn().user(user.name(), user.groups().toArray(String[]::new));
        authentik.signIn().loginForm(true);
        authentik.appPasswords().appPassword(user.name(), user.appPassword(), user.groups(), List.of());
        for (App app : apps.all()) {
            SigningKey key = SigningKey.rsa();
            authentik.publish(app.slug(), SigningKey.jwks(key));
            app.clientId().ifPresent(clientId -> {
                authentik.signIn().client(app.slug(), clientId, app.clientSecret().orElse(null), key);
                authentik.appPasswords().client(app.slug(), clientId, key);
            });
        }
        authentik.start();
        LOG.infof("dev: Authentik stand-in on http://%s:%d (public %s), apps %s; sign in as %s (password and app password:"
                + " gateway.dev.user.password and .app-password, README)", address.getHostString(), authentik.port(),
                platform.host(), apps.all().stream().map(App::slug).toList(), user.name());
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        if (frontDoor != null) {
            frontDoor.stop().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        if (authentik != null) {
            authentik.stop();
        }
    }

    /** Where the front door listens (differs from gateway.dev.front-door.port when that is 0); -1 when off. */
    public int frontDoorPort() {
        return frontDoorPort;
    }

    private static boolean isLoopback(String host) {
        try {
            return host != null && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
