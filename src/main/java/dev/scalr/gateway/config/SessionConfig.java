package dev.scalr.gateway.config;

import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Browser sessions (gateway.session.*, GATEWAY_SESSION_*): part of {@link GatewayConfig}. */
public interface SessionConfig {
    /**
     * Base64 AES keys (16 or 32 bytes) for the session cookies; the first seals new cookies, all open
     * them, so a key is rotated by prepending the new one. Required when any app has sign-in on.
     */
    Optional<List<String>> keys();

    /** Upper bound of a session; it also never outlives the ID token's exp. */
    @WithDefault("8H")
    Duration maxAge();

    /** Share sessions across apps on subdomains (e.g. example.com); host-only when unset. */
    Optional<String> cookieDomain();

    // --- Silent refresh, the session store, sign-out: docs/architecture.md "Sessions", docs/operations.md ---

    /**
     * Silent refresh: request offline_access, keep refresh and ID token in the session store (the cookie then
     * holds only an opaque id) and refresh at the internal token endpoint instead of redirecting. Off: sealed
     * cookie sessions that end at the ID token's exp (nothing kept server-side).
     */
    @WithDefault("false")
    boolean refresh();

    /** How often a refreshed session asks Authentik again; default min(5 minutes, the ID token's lifetime). */
    Optional<Duration> refreshInterval();

    /** Where refreshed sessions live: memory (one replica) or redis (replicas share quarkus.redis.hosts). */
    @WithDefault("memory")
    String store();

    /**
     * Path on the app's own host that Authentik's end-session sends the browser back to, as
     * post_logout_redirect_uri (register {@code <app origin><path>} in the provider); unset: Authentik's page.
     */
    Optional<String> postLogoutPath();

    /** How long a replica trusts its copy of a shared session before asking the store again (revocation). */
    @WithDefault("5S")
    Duration storeCheckInterval();
}
