package dev.scalr.gateway.signin;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.config.PlatformConfig;
import dev.scalr.gateway.config.Urls;
import dev.scalr.gateway.session.RefreshGrant;
import dev.scalr.gateway.token.AuthentikTokens;
import dev.scalr.gateway.token.TokenEndpoints;
import dev.scalr.gateway.token.TokenGrant;
import dev.scalr.gateway.token.Verifiers;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.net.URI;
import java.util.concurrent.CompletionStage;

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
    private final AuthentikTokens tokens;
    private CodeExchange exchange;

    @Inject
    public CodeExchanges(GatewayConfig config, PlatformConfig platform, Verifiers verifiers) {
        this.platform = platform;
        this.publicAuthentik = URI.create(Urls.withoutTrailingSlash(platform.host()));
        this.tokens = new AuthentikTokens(verifiers::verifier, config.keys().fetchTimeout());
    }

    @Override
    public CompletionStage<TokenGrant> refresh(App app, String refreshToken) {
        return exchange().refresh(app, refreshToken);
    }

    synchronized CodeExchange exchange() {
        if (exchange == null) {
            exchange = new CodeExchange(TokenEndpoints.internal(platform), publicAuthentik, tokens);
        }
        return exchange;
    }
}
