package dev.scalr.gateway.signin;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.config.PlatformConfig;
import dev.scalr.gateway.config.Urls;
import dev.scalr.gateway.keys.KeyCaches;
import dev.scalr.gateway.session.RefreshGrant;
import dev.scalr.gateway.token.IdTokens;
import dev.scalr.gateway.token.TokenEndpoints;
import dev.scalr.gateway.token.TokenGrant;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The code exchange at Authentik's internal token endpoint, built when the first browser is sent to sign in rather
 * than at startup: the REST client costs ~0.1 s of start time and API-only gateways never need it. A callback or a
 * refresh that arrives first (a sign-in begun before a restart) builds it itself. Rare, so a plain lock is enough.
 * Stored sessions refresh through it ({@link RefreshGrant}).
 */
@Singleton
public class CodeExchanges implements RefreshGrant {

    private final PlatformConfig platform;
    private final URI publicAuthentik;
    private final IdTokens idTokens;
    private final Function<App, CompletionStage<?>> refreshKeys;
    private final Duration keyWait;
    private CodeExchange exchange;

    @Inject
    public CodeExchanges(GatewayConfig config, PlatformConfig platform, IdTokens idTokens, KeyCaches keys) {
        this(config, platform, idTokens, app -> keys.of(app).refresh());
    }

    /** Without a key cache to wait on (benchmarks, whose keys are loaded before the first request). */
    CodeExchanges(GatewayConfig config, PlatformConfig platform, IdTokens idTokens) {
        this(config, platform, idTokens, app -> CompletableFuture.completedFuture(null));
    }

    private CodeExchanges(GatewayConfig config, PlatformConfig platform, IdTokens idTokens,
            Function<App, CompletionStage<?>> refreshKeys) {
        this.platform = platform;
        this.publicAuthentik = URI.create(Urls.withoutTrailingSlash(platform.host()));
        this.idTokens = idTokens;
        this.refreshKeys = refreshKeys;
        this.keyWait = config.keys().fetchTimeout();
    }

    @Override
    public CompletionStage<TokenGrant> refresh(App app, String refreshToken) {
        return exchange().refresh(app, refreshToken);
    }

    synchronized CodeExchange exchange() {
        if (exchange == null) {
            exchange = new CodeExchange(TokenEndpoints.internal(platform), publicAuthentik, idTokens, refreshKeys, keyWait);
        }
        return exchange;
    }
}
