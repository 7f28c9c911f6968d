package dev.scalr.gateway.machine;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.app.AppRegistry;
import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.config.PlatformConfig;
import dev.scalr.gateway.config.Urls;
import dev.scalr.gateway.machine.CredentialHashes.CredentialHash;
import dev.scalr.gateway.token.TokenEndpoints;
import dev.scalr.gateway.token.AuthentikTokens;
import dev.scalr.gateway.token.TokenVerifier;
import dev.scalr.gateway.token.Verifiers;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Basic credentials of machine clients (user and Authentik app password), for the apps that opt in
 * (gateway.apps.*.basic-auth): a remembered success, else a failure limiter per source address counting exchanges
 * as they start, then a remembered refusal, else one shared exchange at Authentik's token endpoint. The JWT-password form (user goauthentik.io/token) is verified by
 * the decision service like a bearer token and never reaches here.
 */
@Singleton
public class MachineClients {

    /** Reason of a wrong user or app password (Authentik's invalid_grant). */
    public static final String INVALID_CREDENTIALS = "invalid_credentials";

    private final Map<String, FailureLimiter> limiters = new HashMap<>();
    private final Map<String, BasicCache> caches = new HashMap<>();
    private final CredentialHashes hashes = new CredentialHashes();
    private final Duration failureCacheTime;
    private final Clock clock;
    private final AppPasswordExchange exchange;

    @Inject
    public MachineClients(AppRegistry apps, GatewayConfig config, PlatformConfig platform, Clock clock,
            Verifiers verifiers) {
        this(apps, config, platform, clock, verifiers::verifier);
    }

    MachineClients(AppRegistry apps, GatewayConfig config, PlatformConfig platform, Clock clock,
            Function<App, TokenVerifier> verifiers) {
        GatewayConfig.BasicAuth settings = config.basicAuth();
        this.failureCacheTime = settings.failureCacheTime();
        this.clock = clock;
        for (App app : apps.all()) {
            if (app.outpost().basicAuth()) { // with a client id: validation/HeaderAndBasicAuthProblems
                limiters.put(app.slug(), new FailureLimiter(settings.maxFailures(), settings.failureWindow(), clock));
                caches.put(app.slug(), new BasicCache(settings.cacheSize(), clock));
            }
        }
        // Built at startup (this bean is created eagerly by the decision service), and only when an app takes Basic.
        this.exchange = caches.isEmpty() ? null : new AppPasswordExchange(
                TokenEndpoints.internal(platform), URI.create(Urls.withoutTrailingSlash(platform.host())),
                config.signIn().scopes(), new AuthentikTokens(verifiers, config.keys().fetchTimeout()));
    }

    /**
     * A credential verified before is answered first, whatever its address did since: an attacker sending wrong
     * passwords under a client's address cannot lock out a known-good one. Then the limiter: an address over it,
     * or with as many exchanges in flight as failures left, gets no exchange and no answer that depends on the
     * credential.
     *
     * @param address the client's address as Traefik saw it (ForwardedRequest.clientAddress), the limiter's key
     */
    public CompletionStage<BasicOutcome> appPassword(App app, String username, String password, String address) {
        BasicCache cache = caches.get(app.slug());
        CredentialHash key = hashes.of(username, password);
        BasicOutcome known = cache.get(key);
        if (known instanceof BasicOutcome.Verified verified) {
            return done(new BasicOutcome.Verified(verified.identity(), verified.idToken(), "valid_app_password_cached"));
        }
        FailureLimiter limiter = limiters.get(app.slug());
        if (limiter.refused(address)) {
            return done(tooMany(address, "over gateway.basic-auth.max-failures"));
        }
        if (known != null) {
            return done(known);
        }
        return cache.shared(key, () -> {
            if (!limiter.tryStart(address)) {
                return done(tooMany(address, "has gateway.basic-auth.max-failures failures and exchanges in flight"));
            }
            CompletionStage<BasicOutcome> exchanged;
            try {
                exchanged = exchange.exchange(app, username, password);
            } catch (RuntimeException e) {
                limiter.finished(address, false);
                throw e;
            }
            return exchanged.whenComplete((outcome, error) -> limiter.finished(address,
                    outcome instanceof BasicOutcome.Refused refused && INVALID_CREDENTIALS.equals(refused.reason())))
                    .thenApply(outcome -> {
                        remember(cache, key, outcome);
                        return outcome;
                    });
        }).exceptionally(error -> new BasicOutcome.Refused("token_endpoint_unreachable",
                "Authentik could not be asked; try again", "exchange failed: " + error.getClass().getSimpleName()));
    }

    private static BasicOutcome tooMany(String address, String why) {
        return new BasicOutcome.Refused("too_many_failures", "too many refused credentials from this address; try again later",
                "address " + (address.isEmpty() ? "unknown" : address) + " (key " + FailureLimiter.key(address) + ") " + why);
    }

    /** A success until its ID token expires; a refusal by Authentik or of its token briefly; an outage not at all. */
    private void remember(BasicCache cache, CredentialHash key, BasicOutcome outcome) {
        if (outcome instanceof BasicOutcome.Verified verified) {
            cache.put(key, outcome, verified.identity().expiresAt());
        } else if (outcome instanceof BasicOutcome.Refused refused && !refused.reason().startsWith("token_endpoint")) {
            cache.put(key, outcome, clock.instant().plus(failureCacheTime));
        }
    }

    private static CompletionStage<BasicOutcome> done(BasicOutcome outcome) {
        return CompletableFuture.completedFuture(outcome);
    }
}
