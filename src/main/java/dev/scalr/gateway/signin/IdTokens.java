package dev.scalr.gateway.signin;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.token.Verification;

/** Verifies an ID token with the app's long-lived verifier (same key cache, public issuer, audience). */
@FunctionalInterface
public interface IdTokens {

    Verification verify(App app, String idToken);
}
