package dev.scalr.gateway.token;

import dev.scalr.gateway.app.App;

/** Verifies an ID token with the app's long-lived verifier (same key cache, public issuer, audience). */
@FunctionalInterface
public interface IdTokens {

    Verification verify(App app, String idToken);
}
