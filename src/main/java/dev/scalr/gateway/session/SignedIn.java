package dev.scalr.gateway.session;

import dev.scalr.gateway.token.Identity;

/** A signed-in browser: who, and the raw ID token (null when it did not fit a sealed cookie). */
public record SignedIn(Identity identity, String idToken) {
}
