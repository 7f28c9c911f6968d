package dev.scalr.gateway.validation;

import dev.scalr.gateway.access.RuleCompiler;
import dev.scalr.gateway.config.AppConfig;
import dev.scalr.gateway.config.DomainConfig;
import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.config.PlatformConfig;
import dev.scalr.gateway.page.PageSet;
import org.eclipse.microprofile.config.Config;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks the whole configuration and lists every problem at once, each naming its property,
 * so an operator fixes them in one round instead of one restart per mistake.
 */
public final class ConfigProblems {

    static final Set<String> PERMITTED_ALGORITHMS =
            Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
    static final Set<String> HEADER_SETS = Set.of("authentik", "oauth2-proxy");
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9_-]*");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?");

    private ConfigProblems() {
    }

    /**
     * Everything {@link #of(PlatformConfig, DomainConfig, GatewayConfig)} checks, plus what needs the whole
     * configuration: GATEWAY_APPS_* variables that bind to nothing, no app at all, Quarkus' forwarded-header options.
     */
    public static List<String> of(PlatformConfig platform, DomainConfig domain, GatewayConfig gateway, Config config) {
        List<String> problems = new ArrayList<>(of(platform, domain, gateway));
        AppDeclarations.check(problems, gateway, AppDeclarations.environmentNames(config));
        ProxyForwarding.check(problems, config);
        return problems;
    }

    public static List<String> of(PlatformConfig platform, DomainConfig domain, GatewayConfig gateway) {
        List<String> problems = new ArrayList<>();
        checkBaseUrl(problems, "authentik.host (AUTHENTIK_HOST)", platform.host());
        checkBaseUrl(problems, "authentik.internal-host (AUTHENTIK_INTERNAL_HOST)", platform.internalHost());
        if (!HOST.matcher(domain.publicDomain()).matches()) {
            problems.add("scalr.public-domain (SCALR_PUBLIC_DOMAIN): '" + domain.publicDomain()
                    + "' is not a host name, e.g. example.com");
        }
        int listenerPort = gateway.listener().port();
        if (listenerPort < -1 || listenerPort > 65535) {
            problems.add("gateway.listener.port (GATEWAY_LISTENER_PORT): " + listenerPort
                    + " is not a port; use 1-65535, 0 for any free port, or -1 to turn the listener off");
        }
        checkTemplate(problems, "gateway.issuer-template", gateway.issuerTemplate(), "{authentik-host}");
        checkTemplate(problems, "gateway.jwks-template", gateway.jwksTemplate(), "{internal-host}");

        if (gateway.token().maxLength() < 256) {
            problems.add("gateway.token.max-length: " + gateway.token().maxLength() + " is too small for any real token (minimum 256)");
        }
        if (gateway.token().clockSkew().isNegative() || gateway.token().clockSkew().toMinutes() > 5) {
            problems.add("gateway.token.clock-skew: " + gateway.token().clockSkew() + " must be between 0 and 5 minutes");
        }
        if (gateway.token().cacheSize() < 0) {
            problems.add("gateway.token.cache-size: must be 0 (off) or more");
        }
        if (gateway.token().rejectedCacheSize() < 0) {
            problems.add("gateway.token.rejected-cache-size (GATEWAY_TOKEN_REJECTED_CACHE_SIZE): must be 0 (off) or more");
        }
        for (String alg : gateway.token().algorithms()) {
            if (!PERMITTED_ALGORITHMS.contains(alg)) {
                problems.add("gateway.token.algorithms: '" + alg + "' is not allowed; choose from " + sorted(PERMITTED_ALGORITHMS));
            }
        }
        checkPositive(problems, "gateway.keys.refresh-interval", gateway.keys().refreshInterval());
        checkPositive(problems, "gateway.keys.fetch-timeout", gateway.keys().fetchTimeout());
        checkPositive(problems, "gateway.keys.max-stale", gateway.keys().maxStale());
        if (gateway.keys().unknownKidCooldown().isNegative()) {
            problems.add("gateway.keys.unknown-kid-cooldown: must not be negative");
        }
        for (String set : gateway.headers().sets()) {
            if (!HEADER_SETS.contains(set)) {
                problems.add("gateway.headers.sets: '" + set + "' is unknown; choose from " + sorted(HEADER_SETS));
            }
        }

        checkSignIn(problems, gateway);
        Map<String, String> hostOwners = new HashMap<>();
        Map<String, String> slugOwners = new HashMap<>();
        gateway.apps().forEach((key, app) -> {
            String slug = app.slug().orElse(key);
            String owner = slugOwners.putIfAbsent(slug, key);
            if (owner != null) {
                problems.add("gateway.apps." + key + ".slug: '" + slug + "' is already the slug of gateway.apps." + owner);
            }
            checkApp(problems, domain, key, slug, app, hostOwners);
        });
        IssuerAndProxyProblems.check(problems, gateway);
        HeaderAndBasicAuthProblems.check(problems, gateway);
        problems.addAll(PageSet.problems(gateway.pages()));
        return problems;
    }

    private static void checkApp(List<String> problems, DomainConfig domain, String key, String slug,
            AppConfig app, Map<String, String> hostOwners) {
        String prefix = "gateway.apps." + key + ".";
        if (!SLUG.matcher(slug).matches()) {
            problems.add("gateway.apps." + key + (app.slug().isPresent() ? ".slug" : "") + ": '" + slug
                    + "' is not a slug (lower-case letters, digits, '-' or '_'); in environment variables use a one-word"
                    + " key and set GATEWAY_APPS_<KEY>_SLUG");
        }
        app.clientId().filter(String::isBlank)
                .ifPresent(id -> problems.add(prefix + "client-id: is blank; remove it or give the provider's client id"));
        app.allowedGroups().filter(List::isEmpty)
                .ifPresent(g -> problems.add(prefix + "allowed-groups: is empty; remove it to allow every signed-in user"));
        app.publicPaths().ifPresent(paths -> paths.stream()
                .filter(p -> !p.startsWith("/") || p.contains("..") || p.contains("\\"))
                .forEach(p -> problems.add(prefix + "public-paths: '" + p + "' must be a path starting with '/'")));
        if (app.signIn().orElse(false) && app.clientId().isEmpty()) {
            problems.add(prefix + "sign-in: is true but no client-id is set; browser sign-in needs the provider's client id");
        }
        app.issuer().ifPresent(url -> checkBaseUrl(problems, prefix + "issuer", url));
        app.jwksUrl().ifPresent(url -> checkBaseUrl(problems, prefix + "jwks-url", url));
        RuleCompiler.compile(key, app.rules(), Set.copyOf(app.allowedGroups().orElse(List.of())), List.of(), problems);

        List<String> hosts = new ArrayList<>(app.hosts().orElse(List.of()));
        hosts.add(slug + "." + domain.publicDomain());
        for (String host : hosts) {
            String normal = host.toLowerCase();
            if (!HOST.matcher(normal).matches()) {
                problems.add(prefix + "hosts: '" + host + "' is not a host name (no scheme, port or path)");
                continue;
            }
            String owner = hostOwners.putIfAbsent(normal, slug);
            if (owner != null && !owner.equals(slug)) {
                problems.add(prefix + "hosts: '" + host + "' is already served by app '" + owner + "'");
            }
        }
    }

    private static void checkSignIn(List<String> problems, GatewayConfig gateway) {
        String prefix = gateway.signIn().pathPrefix();
        if (!prefix.matches("/[A-Za-z0-9._~-]+(/[A-Za-z0-9._~-]+)*")) {
            problems.add("gateway.sign-in.path-prefix: '" + prefix + "' must be a path like /.scalr-auth (no trailing slash)");
        }
        if (!gateway.signIn().scopes().contains("openid")) {
            problems.add("gateway.sign-in.scopes: must include openid");
        }
        List<String> keys = gateway.session().keys().orElse(List.of());
        for (int i = 0; i < keys.size(); i++) {
            try {
                int length = java.util.Base64.getDecoder().decode(keys.get(i).trim()).length;
                if (length != 16 && length != 32) {
                    problems.add("gateway.session.keys[" + i + "] (GATEWAY_SESSION_KEYS): decodes to " + length
                            + " bytes; use 32 random bytes, e.g. `openssl rand -base64 32`");
                }
            } catch (IllegalArgumentException e) {
                problems.add("gateway.session.keys[" + i + "] (GATEWAY_SESSION_KEYS): is not base64; use `openssl rand -base64 32`");
            }
        }
        boolean anySignIn = gateway.apps().values().stream()
                .anyMatch(app -> app.enabled() && app.signIn().orElse(app.clientId().isPresent()));
        if (anySignIn && keys.isEmpty()) {
            problems.add("gateway.session.keys (GATEWAY_SESSION_KEYS): required because browser sign-in is on for at least"
                    + " one app (it is on when an app has a client-id); generate one with `openssl rand -base64 32`,"
                    + " or set gateway.apps.<app>.sign-in=false for API-only apps");
        }
        gateway.session().cookieDomain().filter(d -> !HOST.matcher(d.startsWith(".") ? d.substring(1) : d).matches())
                .ifPresent(d -> problems.add("gateway.session.cookie-domain: '" + d + "' is not a domain"));
        if (gateway.session().maxAge().isNegative() || gateway.session().maxAge().isZero()) {
            problems.add("gateway.session.max-age: must be positive");
        }
        SessionStoreProblems.check(problems, gateway.session());
    }

    private static void checkBaseUrl(List<String> problems, String property, String value) {
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                problems.add(property + ": '" + value + "' must be an absolute http(s) URL, e.g. https://auth.example.com");
            } else if (uri.getQuery() != null || uri.getFragment() != null) {
                problems.add(property + ": '" + value + "' must not have a query or fragment");
            }
        } catch (Exception e) {
            problems.add(property + ": '" + value + "' is not a URL");
        }
    }

    private static void checkTemplate(List<String> problems, String property, String template, String hostPlaceholder) {
        String probe = template.replace(hostPlaceholder, "http://h").replace("{slug}", "s");
        if (probe.contains("{") || probe.contains("}")) {
            problems.add(property + ": '" + template + "' uses an unknown placeholder; known are "
                    + hostPlaceholder + " and {slug}");
            return;
        }
        checkBaseUrl(problems, property, probe);
    }

    private static void checkPositive(List<String> problems, String property, java.time.Duration value) {
        if (value.isZero() || value.isNegative()) {
            problems.add(property + ": " + value + " must be positive");
        }
    }

    private static List<String> sorted(Set<String> set) {
        return set.stream().sorted().toList();
    }
}
