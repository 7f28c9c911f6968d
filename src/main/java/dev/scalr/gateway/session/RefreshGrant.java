package dev.scalr.gateway.session;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.token.TokenGrant;

import java.util.concurrent.CompletionStage;

/** The refresh_token grant at Authentik's token endpoint, as stored sessions need it (the sign-in flow provides it). */
@FunctionalInterface
public interface RefreshGrant {

    CompletionStage<TokenGrant> refresh(App app, String refreshToken);
}
