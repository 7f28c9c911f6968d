package dev.scalr.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Everything the gateway itself decides with. Every setting has an env form: gateway.a.b-c is GATEWAY_A_B_C. */
@ConfigMapping(prefix = "gateway")
public interface GatewayConfig {

    /** Public issuer per app; placeholders {authentik-host} and {slug}. */
    @WithDefault("{authentik-host}/application/o/{slug}/")
    String issuerTemplate();

    /** Internal JWKS URL per app; placeholders {internal-host} and {slug}. */
    @WithDefault("{internal-host}/application/o/{slug}/jwks/")
    String jwksTemplate();

    /** The dedicated forwardAuth listener. */
    Listener listener();

    Token token();

    Keys keys();

    Headers headers();

    SignIn signIn();

    SessionConfig session();

    /** Declared apps, keyed by slug. An app not declared here is refused. */
    Map<String, AppConfig> apps();

    /**
     * Start even though no app is declared (every request then gets 403 undeclared_app). Off: a declaration that
     * bound to nothing (GATEWAY_APPS_APP_A_SLUG) must stop the start, not leave a gateway that refuses everything.
     */
    @WithDefault("false")
    boolean allowNoApps();

    // --- Issuer migration window, trusted proxies, logs: checked by IssuerAndProxyProblems; docs/configuration-operations.md ---

    /** Decision log levels per outcome. */
    Log log();

    /**
     * Previous AUTHENTIK_HOST bases (e.g. http://auth.localhost) whose tokens are still accepted until
     * {@link #legacyIssuersUntil()}: iss {@code <base>/application/o/<slug>/}, same keys, all other checks unchanged.
     */
    Optional<List<String>> legacyIssuers();

    /** ISO-8601 instant (e.g. 2026-07-01T00:00:00Z) after which legacy issuers are refused as wrong_issuer. */
    Optional<String> legacyIssuersUntil();

    /**
     * Who checks token signatures: native (Amazon Corretto Crypto Provider, falling back to the JDK's with a WARN
     * when its library cannot load) or jdk. Only the JWS check uses it (docs/architecture.md).
     */
    @WithDefault("native")
    CryptoChoice cryptoProvider();

    /**
     * TCP peers (IPs or CIDRs, IPv4 and IPv6) allowed to call /auth with X-Forwarded-*; others get 403
     * untrusted_proxy. Default: loopback and private ranges, where Traefik sits on the scalr-edge network.
     */
    @WithDefault("127.0.0.0/8,::1/128,10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7")
    List<String> trustedProxies();

    /** How the client's address is read from X-Forwarded-For (the Basic failure limiter's key, the decision log). */
    ClientAddress clientAddress();

    interface ClientAddress {
        /**
         * 0: the client is the rightmost X-Forwarded-For entry not in trusted-proxies. N: exactly N proxies append
         * to X-Forwarded-For, Traefik included, and the client is the N-th entry from the right (at most 16).
         */
        @WithDefault("0")
        int trustedHops();
    }

    /** The Authentik self-check, /q/health/group/authentik (signin/health owner). */
    SelfCheck selfCheck();

    interface SelfCheck {
        /** A report younger than this is answered again instead of probing Authentik; 0 = every call probes. */
        @WithDefault("10S")
        Duration maxAge();
    }

    interface Log {
        /** Level of decision lines for allowed requests (most of the traffic). */
        @WithDefault("DEBUG")
        org.jboss.logging.Logger.Level allowLevel();

        /** Level of decision lines for every other outcome (unauthorized, forbidden, sign-in, ...). */
        @WithDefault("INFO")
        org.jboss.logging.Logger.Level denyLevel();

        /** Denial lines written per app and reason per deny-window; the rest are counted in one summary line. 0 = no limit. */
        @WithDefault("20")
        int denyBurst();

        @WithDefault("10S")
        Duration denyWindow();
    }

    interface Listener {
        /**
         * Port of the listener that serves only /auth and /auth/{slug} (on quarkus.http.host), without the
         * router and framework handlers of the main port. 0 picks a free port; -1 turns it off.
         */
        @WithDefault("4181")
        int port();
    }

    interface Token {
        /** Longer Authorization values are refused before any parsing. */
        @WithDefault("16384")
        int maxLength();

        @WithDefault("30S")
        Duration clockSkew();

        /** Accepted JWS algorithms: a subset of RS*, PS*, ES*. Never none or HS*. */
        @WithDefault("RS256,RS384,RS512,PS256,PS384,PS512,ES256,ES384,ES512")
        List<String> algorithms();

        /** How many verified tokens to remember (keyed by a hash); 0 turns the cache off. */
        @WithDefault("10000")
        int cacheSize();

        /** How many refused tokens to remember (keyed by a hash), so a retried bad token costs no signature; 0 = off. */
        @WithDefault("10000")
        int rejectedCacheSize();

        /** How long a refused token is remembered. */
        @WithDefault("30S")
        Duration rejectedCacheTtl();
    }

    interface Keys {
        /** Scheduled JWKS refresh. */
        @WithDefault("10M")
        Duration refreshInterval();

        /** Minimum time between two fetches caused by unknown kids. */
        @WithDefault("30S")
        Duration unknownKidCooldown();

        @WithDefault("5S")
        Duration fetchTimeout();

        /** Readiness stays UP on cached keys this long after the last good fetch. */
        @WithDefault("6H")
        Duration maxStale();
    }

    interface Headers {
        /** Which identity header sets to emit: authentik, oauth2-proxy, or both. */
        @WithDefault("authentik")
        List<String> sets();

        /**
         * Send the raw token as X-authentik-jwt (the presented bearer token, or a browser session's ID token), as
         * Authentik's outpost does. Off: the header is sent empty. Any app that trusts the JWKS can replay what it
         * receives (docs/operations.md, "Outpost compatibility").
         */
        @WithDefault("true")
        boolean forwardToken();

        /** X-authentik-meta-outpost: the outpost name apps see (Authentik sends its outpost's name). */
        @WithDefault("scalr-auth-gateway")
        String outpostName();
    }

    // --- Outpost compatibility: machine clients with Basic credentials, per app opt-in (apps.*.basic-auth) ---

    BasicAuth basicAuth();

    interface BasicAuth {
        /** How long a refused Basic credential is answered 401 again without asking Authentik. */
        @WithDefault("10S")
        Duration failureCacheTime();

        /** Basic credentials remembered per app (successes and failures, by a keyed hash); bounded. */
        @WithDefault("10000")
        int cacheSize();

        /** Refused credentials per source address and app within failure-window before that address is refused. */
        @WithDefault("10")
        int maxFailures();

        /** The window of max-failures; an address over the limit is refused (401, no exchange) until it ends. */
        @WithDefault("1M")
        Duration failureWindow();
    }

    /** The dry run of the access rules on the main port, /q/gateway/explain (web/ExplainRoute). */
    Explain explain();

    interface Explain {
        /**
         * Serve /q/gateway/explain on the main port: which app, rule and policy a host, method, path and client
         * address would get. It reads no credential and decides nothing, but it shows the rules (groups, networks)
         * to whoever reaches the main port; off: the path answers 404.
         */
        @WithDefault("true")
        boolean enabled();
    }

    /** The pages people get (denials, sign-in problems, sign-out confirmation); checked by page.PageSet. */
    Pages pages();

    interface Pages {
        /** A directory holding page.html (and optionally style.css) to render every page from instead of the built-in set. */
        Optional<String> templatesDir();

        /** An image file (svg, png, jpg, gif, webp, ico; at most 100 KB) shown on every page, inlined as a data: URI. */
        Optional<String> logo();

        /** A CSS file (at most 64 KB) replacing the built-in style, inlined in the page. */
        Optional<String> css();

        /** The pages' lang attribute. */
        @WithDefault("en")
        String lang();
    }

    interface SignIn {
        /** Reserved path on every app's host for the callback and sign-out; no app should use it. */
        @WithDefault("/.scalr-auth")
        String pathPrefix();

        @WithDefault("openid profile email")
        String scopes();

        /** How long a browser may take on Authentik's sign-in page. */
        @WithDefault("10M")
        Duration loginTimeout();
    }
}
