package dev.scalr.gateway.config;

import io.smallrye.config.WithDefault;

import java.util.List;
import java.util.Optional;

/** One declared app (gateway.apps.<key>.*, GATEWAY_APPS_<KEY>_*): part of {@link GatewayConfig}. */
public interface AppConfig {
    /** Only here so an app can be declared by its slug alone: GATEWAY_APPS_<SLUG>_ENABLED=true. */
    @WithDefault("true")
    boolean enabled();

    /**
     * The Authentik application slug, when it differs from the map key. Environment variables cannot
     * spell a key with '-', so declare GATEWAY_APPS_WIKI_SLUG=my-wiki and use "wiki" as the key.
     */
    Optional<String> slug();

    /** When set, the token's aud must contain it. */
    Optional<String> clientId();

    /** When set, the user must be in at least one of these groups. */
    Optional<List<String>> allowedGroups();

    /** Path prefixes that pass without a token. */
    Optional<List<String>> publicPaths();

    /** Access rules by path, method and network, first match decides (see {@link RuleConfig}). */
    List<RuleConfig> rules();

    /** Hosts served besides {@code <slug>.${SCALR_PUBLIC_DOMAIN}}. */
    Optional<List<String>> hosts();

    /** Overrides the issuer template for this app. */
    Optional<String> issuer();

    /** Overrides the JWKS template for this app. */
    Optional<String> jwksUrl();

    /** Browser sign-in; on by default when a client-id is set. False for API-only apps. */
    Optional<Boolean> signIn();

    /** Client secret of a confidential Authentik provider (public clients rely on PKCE alone). */
    Optional<String> clientSecret();

    // --- Outpost compatibility: what apps written for Authentik's outpost read, Basic credentials ---

    /** X-authentik-meta-provider: the Authentik provider's name; default the slug. */
    Optional<String> providerName();

    /** X-authentik-meta-jwks: the JWKS URI as browsers reach it; default from the issuer ({issuer}jwks/). */
    Optional<String> publicJwksUrl();

    /** Request Authentik's entitlements scope at sign-in and for Basic exchanges (X-authentik-entitlements). */
    @WithDefault("false")
    boolean entitlements();

    /**
     * Accept Authorization: Basic from machine clients: user goauthentik.io/token with a JWT password, or a
     * user and an Authentik app password exchanged at the token endpoint (client_credentials).
     */
    @WithDefault("false")
    boolean basicAuth();
}
