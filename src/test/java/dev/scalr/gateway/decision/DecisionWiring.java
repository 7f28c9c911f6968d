package dev.scalr.gateway.decision;

import dev.scalr.gateway.app.AppRegistry;
import dev.scalr.gateway.config.DomainConfig;
import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.config.PlatformConfig;
import dev.scalr.gateway.crypto.CryptoProviders;
import dev.scalr.gateway.crypto.SignatureProvider;
import dev.scalr.gateway.dev.authentik.FakeAuthentik;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import dev.scalr.gateway.keys.AppKeys;
import dev.scalr.gateway.keys.JwksFetcher;
import dev.scalr.gateway.keys.KeyCaches;
import dev.scalr.gateway.keys.KeyFetchListener;
import dev.scalr.gateway.machine.MachineClients;
import dev.scalr.gateway.metrics.TokenMetrics;
import dev.scalr.gateway.session.CookieSealer;
import dev.scalr.gateway.session.SessionCookies;
import dev.scalr.gateway.signin.SignIn;
import dev.scalr.gateway.token.Verifiers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@link DecisionService} as plain code, with its real collaborators built by hand (no Quarkus, no HTTP listener),
 * configured from properties as an operator would. The Authentik stand-in serves one key for every app named, and the
 * gateway's own fetcher loads it before the first decision.
 */
final class DecisionWiring implements AutoCloseable {

    final AppRegistry apps;
    final DecisionService decisions;
    final SessionCookies cookies;
    private final FakeAuthentik authentik;
    private final Vertx vertx;

    /** @param properties the apps (gateway.apps.*); Authentik's hosts, the domain and the session key are added here */
    DecisionWiring(Map<String, String> properties, String sessionKey, SigningKey key, List<String> published)
            throws Exception {
        authentik = new FakeAuthentik().start();
        published.forEach(slug -> authentik.publish(slug, SigningKey.jwks(key)));
        Map<String, String> all = new HashMap<>(properties);
        all.put("authentik.host", Tokens.PUBLIC_AUTHENTIK);
        all.put("authentik.internal-host", authentik.baseUrl());
        all.put("scalr.public-domain", "example.test");
        all.put("gateway.session.keys", sessionKey);
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(PlatformConfig.class).withMapping(DomainConfig.class).withMapping(GatewayConfig.class)
                .withSources(new PropertiesConfigSource(all, "decision-table", 500))
                .build();
        GatewayConfig gateway = config.getConfigMapping(GatewayConfig.class);
        PlatformConfig platform = config.getConfigMapping(PlatformConfig.class);
        apps = new AppRegistry(platform, config.getConfigMapping(DomainConfig.class), gateway);
        vertx = Vertx.vertx();
        Clock clock = Clock.systemUTC();
        SignatureProvider provider = CryptoProviders.choose(gateway.cryptoProvider());
        KeyCaches keys = new KeyCaches(apps, new JwksFetcher(vertx, gateway), gateway, vertx, KeyFetchListener.NONE,
                provider, clock);
        for (AppKeys app : keys.all()) {
            app.refresh().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        Verifiers verifiers = new Verifiers(apps, keys, gateway, clock, new TokenMetrics(new SimpleMeterRegistry()), provider);
        decisions = new DecisionService(apps, verifiers, SignIn.standalone(gateway, platform, verifiers, clock),
                new MachineClients(apps, gateway, platform, clock, verifiers), clock);
        cookies = new SessionCookies(CookieSealer.fromBase64(List.of(sessionKey)), gateway.session(), clock);
    }

    @Override
    public void close() {
        vertx.close();
        authentik.stop();
    }
}
