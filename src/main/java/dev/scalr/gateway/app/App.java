package dev.scalr.gateway.app;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One protected app, with everything derived from configuration resolved once at startup.
 *
 * @param issuer  the exact public {@code iss} its tokens carry
 * @param jwksUrl where its keys are fetched, on the internal network
 * @param signIn   whether browsers without a credential are sent to Authentik's sign-in
 */
public record App(String slug, String issuer, String jwksUrl, Optional<String> clientId,
        Set<String> allowedGroups, List<String> publicPaths, Set<String> hosts, boolean signIn,
        Optional<String> clientSecret) {

    @Override
    public String toString() {
        return "App[" + slug + "]"; // never print the client secret
    }

    /** True when the path (no query) falls under a public prefix, on a segment boundary. */
    public boolean isPublic(String path) {
        for (String prefix : publicPaths) {
            if (prefix.endsWith("/") ? path.startsWith(prefix)
                    : path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    public boolean allowsAnyGroup() {
        return allowedGroups.isEmpty();
    }
}
