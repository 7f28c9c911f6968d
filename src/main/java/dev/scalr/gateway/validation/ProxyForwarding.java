package dev.scalr.gateway.validation;

import org.eclipse.microprofile.config.Config;

import java.util.List;

/**
 * Quarkus' own forwarded-header handling on the main port replaces the TCP peer address with the one in
 * X-Forwarded-For/Forwarded, which any client writes: gateway.trusted-proxies would then judge a client-chosen
 * address. The gateway reads X-Forwarded-* itself, and only from trusted peers, so these options are refused.
 */
final class ProxyForwarding {

    static final List<String> REFUSED = List.of("quarkus.http.proxy.proxy-address-forwarding",
            "quarkus.http.proxy.allow-forwarded", "quarkus.http.proxy.allow-x-forwarded");

    private ProxyForwarding() {
    }

    static void check(List<String> problems, Config config) {
        for (String property : REFUSED) {
            if (config.getOptionalValue(property, String.class).map(v -> v.strip().equalsIgnoreCase("true")).orElse(false)) {
                problems.add(property + " (" + AppDeclarations.envForm(property) + "): is true, so the main port would take"
                        + " the client address from X-Forwarded-For/Forwarded and gateway.trusted-proxies would trust"
                        + " whatever a client writes there; remove it (the gateway reads X-Forwarded-* itself, from trusted"
                        + " peers only)");
            }
        }
    }
}
