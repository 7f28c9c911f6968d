package dev.scalr.gateway.token;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.app.AppRegistry;
import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.crypto.SignatureProvider;
import dev.scalr.gateway.keys.KeyCaches;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.jose4j.jwa.AlgorithmFactoryFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The long-lived verifier and verified-token cache of each app, built once at startup. */
@Singleton
public class Verifiers {

    private final Map<String, BearerTokens> bearers = new HashMap<>();

    @Inject
    public Verifiers(AppRegistry apps, KeyCaches keys, GatewayConfig config, Clock clock, TokenEvents events,
            SignatureProvider provider) {
        GatewayConfig.Token token = config.token();
        LegacyIssuers legacy = new LegacyIssuers(config.legacyIssuers().orElse(List.of()),
                config.legacyIssuersUntil().map(until -> Instant.parse(until.strip())), clock, events::legacyIssuerAccepted);
        for (App app : apps.all()) {
            TokenVerifier verifier = new TokenVerifier(app, keys.of(app), token.maxLength(), token.clockSkew(),
                    token.algorithms(), legacy, provider);
            bearers.put(app.slug(), new BearerTokens(verifier, new TokenCache(token.cacheSize(), clock),
                    new RejectedTokens(token.rejectedCacheSize(), token.rejectedCacheTtl(), clock)));
        }
    }

    /**
     * jose4j builds its algorithm registry at first use by probing every JCA algorithm, about 0.1-0.3 s that
     * would otherwise block the event loop of the first token. Built on a worker so startup does not wait, and
     * only with a second core: on one it slowed start to ready by more than it saves.
     */
    void warmUp(@Observes StartupEvent event) {
        if (Runtime.getRuntime().availableProcessors() >= 2) {
            Infrastructure.getDefaultWorkerPool().execute(AlgorithmFactoryFactory::getInstance);
        }
    }

    public TokenVerifier verifier(App app) {
        return bearers.get(app.slug()).verifier();
    }

    /** The bearer-token path of the app: syntax, both token memories, the verifier. */
    public BearerTokens bearer(App app) {
        return bearers.get(app.slug());
    }

    public TokenCache cache(App app) {
        return bearers.get(app.slug()).cache();
    }

    public RejectedTokens rejected(App app) {
        return bearers.get(app.slug()).rejected();
    }
}
