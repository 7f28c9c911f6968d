package dev.scalr.gateway.validation;

import dev.scalr.gateway.config.GatewayConfig;
import java.net.URI;
import java.util.List;

/**
 * The outpost headers sent to apps (outpost and provider names, public JWKS URL) and the Basic credentials of
 * machine clients (client id, failure limits, cache), checked with the others so
 * every problem is reported at once, each naming its property.
 */
final class HeaderAndBasicAuthProblems {

    private HeaderAndBasicAuthProblems() {
    }

    static void check(List<String> problems, GatewayConfig gateway) {
        headerValue(problems, "gateway.headers.outpost-name (GATEWAY_HEADERS_OUTPOST_NAME)", gateway.headers().outpostName());
        gateway.apps().forEach((key, app) -> {
            String prefix = "gateway.apps." + key + ".";
            if (app.basicAuth() && app.clientId().isEmpty()) {
                problems.add(prefix + "basic-auth: is true but no client-id is set; app passwords are exchanged with the"
                        + " provider's client id");
            }
            app.providerName().ifPresent(name -> headerValue(problems, prefix + "provider-name", name));
            app.publicJwksUrl().ifPresent(url -> {
                if (!absoluteHttp(url)) {
                    problems.add(prefix + "public-jwks-url: '" + url + "' must be an absolute http(s) URL");
                }
            });
        });
        GatewayConfig.BasicAuth basic = gateway.basicAuth();
        if (basic.maxFailures() < 1) {
            problems.add("gateway.basic-auth.max-failures (GATEWAY_BASIC_AUTH_MAX_FAILURES): must be 1 or more");
        }
        if (basic.failureWindow().isNegative() || basic.failureWindow().isZero()) {
            problems.add("gateway.basic-auth.failure-window (GATEWAY_BASIC_AUTH_FAILURE_WINDOW): must be positive");
        }
        if (basic.failureCacheTime().isNegative()) {
            problems.add("gateway.basic-auth.failure-cache-time (GATEWAY_BASIC_AUTH_FAILURE_CACHE_TIME): must not be negative");
        }
        if (basic.cacheSize() < 0) {
            problems.add("gateway.basic-auth.cache-size (GATEWAY_BASIC_AUTH_CACHE_SIZE): must be 0 (off) or more");
        }
    }

    /** A value sent in a header to every app: printable, not blank. */
    private static void headerValue(List<String> problems, String property, String value) {
        if (value.isBlank() || value.chars().anyMatch(Character::isISOControl)) {
            problems.add(property + ": must be a non-blank value without control characters (it is sent as a header)");
        }
    }

    private static boolean absoluteHttp(String url) {
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
