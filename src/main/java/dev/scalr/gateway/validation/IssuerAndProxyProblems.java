package dev.scalr.gateway.validation;

import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.forward.TrustedProxies;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The issuer migration window (gateway.legacy-issuers and its deadline) and the proxies trusted to forward requests
 * (gateway.trusted-proxies, gateway.client-address.trusted-hops), checked with the rest by ConfigProblems.
 */
final class IssuerAndProxyProblems {

    private IssuerAndProxyProblems() {
    }

    static void check(List<String> problems, GatewayConfig gateway) {
        List<String> legacy = gateway.legacyIssuers().orElse(List.of());
        for (String base : legacy) {
            checkBase(problems, base);
        }
        if (!legacy.isEmpty() && gateway.legacyIssuersUntil().isEmpty()) {
            problems.add("gateway.legacy-issuers-until (GATEWAY_LEGACY_ISSUERS_UNTIL): required when gateway.legacy-issuers"
                    + " is set; give the end of the migration window as an ISO-8601 instant, e.g. 2026-07-01T00:00:00Z");
        }
        gateway.legacyIssuersUntil().ifPresent(until -> {
            try {
                Instant.parse(until.strip());
            } catch (DateTimeParseException e) {
                problems.add("gateway.legacy-issuers-until (GATEWAY_LEGACY_ISSUERS_UNTIL): '" + until
                        + "' is not an ISO-8601 instant, e.g. 2026-07-01T00:00:00Z");
            }
        });
        if (gateway.trustedProxies().stream().allMatch(String::isBlank)) {
            problems.add("gateway.trusted-proxies (GATEWAY_TRUSTED_PROXIES): is empty, so every /auth request would be refused;"
                    + " list Traefik's address range, e.g. 172.16.0.0/12");
        }
        for (String entry : gateway.trustedProxies()) {
            if (entry.isBlank()) {
                continue;
            }
            try {
                TrustedProxies.parse(entry);
            } catch (IllegalArgumentException e) {
                problems.add("gateway.trusted-proxies (GATEWAY_TRUSTED_PROXIES): " + e.getMessage());
            }
        }
        checkHops(problems, gateway);
    }

    static final int MAX_TRUSTED_HOPS = 16;

    private static void checkHops(List<String> problems, GatewayConfig gateway) {
        int hops = gateway.clientAddress().trustedHops();
        if (hops < 0 || hops > MAX_TRUSTED_HOPS) {
            problems.add("gateway.client-address.trusted-hops (GATEWAY_CLIENT_ADDRESS_TRUSTED_HOPS): " + hops
                    + " is outside 0.." + MAX_TRUSTED_HOPS + "; 0 reads the client from gateway.trusted-proxies, N counts"
                    + " the proxies that append to X-Forwarded-For, Traefik included");
        }
    }

    private static void checkBase(List<String> problems, String base) {
        String property = "gateway.legacy-issuers (GATEWAY_LEGACY_ISSUERS): '" + base + "'";
        try {
            URI uri = new URI(base.strip());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                problems.add(property + " must be an absolute http(s) URL, the previous AUTHENTIK_HOST, e.g. http://auth.localhost");
            } else if (uri.getQuery() != null || uri.getFragment() != null
                    || (uri.getPath() != null && uri.getPath().contains("/application/o/"))) {
                problems.add(property + " must be a base URL like the previous AUTHENTIK_HOST, without /application/o/<slug>/");
            }
        } catch (Exception e) {
            problems.add(property + " is not a URL");
        }
    }
}
