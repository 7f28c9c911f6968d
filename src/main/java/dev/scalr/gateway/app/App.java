package dev.scalr.gateway.app;

import dev.scalr.gateway.access.AccessRules;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One protected app, with everything derived from configuration resolved once at startup.
 *
 * @param issuer  the exact public {@code iss} its tokens carry
 * @param jwksUrl where its keys are fetched, on the internal network
 * @param signIn   whether browsers without a credential are sent to Authentik's sign-in
 * @param outpost  what apps written for Authentik's outpost read, and whether it takes Basic credentials
 * @param access   which rule decides a request: the configured rules, then allowedGroups and publicPaths
 */
public record App(String slug, String issuer, String jwksUrl, Optional<String> clientId,
        Set<String> allowedGroups, List<String> publicPaths, Set<String> hosts, boolean signIn,
        Optional<String> clientSecret, Outpost outpost, AccessRules access) {

    /**
     * @param providerName  X-authentik-meta-provider
     * @param publicJwksUrl X-authentik-meta-jwks: the JWKS URI as browsers reach it
     * @param entitlements  request Authentik's entitlements scope
     * @param basicAuth     accept Authorization: Basic (machine clients)
     */
    public record Outpost(String providerName, String publicJwksUrl, boolean entitlements, boolean basicAuth) {

        /** The defaults: provider named by the slug, JWKS next to the issuer, no entitlements scope, no Basic. */
        public static Outpost defaults(String slug, String issuer) {
            return new Outpost(slug, issuer + (issuer.endsWith("/") ? "" : "/") + "jwks/", false, false);
        }
    }

    /** With the outpost defaults and no access rules (tests, benchmarks). */
    public App(String slug, String issuer, String jwksUrl, Optional<String> clientId, Set<String> allowedGroups,
            List<String> publicPaths, Set<String> hosts, boolean signIn, Optional<String> clientSecret) {
        this(slug, issuer, jwksUrl, clientId, allowedGroups, publicPaths, hosts, signIn, clientSecret,
                Outpost.defaults(slug, issuer));
    }

    /** No access rules: allowedGroups and publicPaths decide (tests, benchmarks). */
    public App(String slug, String issuer, String jwksUrl, Optional<String> clientId, Set<String> allowedGroups,
            List<String> publicPaths, Set<String> hosts, boolean signIn, Optional<String> clientSecret, Outpost outpost) {
        this(slug, issuer, jwksUrl, clientId, allowedGroups, publicPaths, hosts, signIn, clientSecret, outpost,
                AccessRules.of(allowedGroups, publicPaths));
    }

    @Override
    public String toString() {
        return "App[" + slug + "]"; // never print the client secret
    }

    /** The sign-in scopes for this app: the configured ones, plus entitlements when the app asks for them. */
    public String scopes(String configured) {
        if (!outpost.entitlements() || List.of(configured.split(" ")).contains("entitlements")) {
            return configured;
        }
        return configured + " entitlements";
    }
}
