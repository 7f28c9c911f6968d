package dev.scalr.gateway.validation;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The issue-5 settings are checked with the rest, each problem naming its property and env var. */
class IssuerAndProxyProblemsTest {

    @Test
    void defaultsHaveNoProblems() {
        assertEquals(List.of(), ConfigProblemsTest.problems(Map.of("gateway.apps.grafana.client-id", "grafana", "gateway.apps.grafana.sign-in", "false")));
    }

    @Test
    void legacyIssuersWithoutDeadlineBadInstantAndBadProxiesAreAllReported() {
        String all = String.join("\n", ConfigProblemsTest.problems(Map.of(
                "gateway.legacy-issuers", "auth.localhost,http://auth.localhost/application/o/grafana/",
                "gateway.trusted-proxies", "10.0.0.0/33,proxy.internal")));
        assertTrue(all.contains("gateway.legacy-issuers (GATEWAY_LEGACY_ISSUERS): 'auth.localhost' must be an absolute"), all);
        assertTrue(all.contains("without /application/o/<slug>/"), all);
        assertTrue(all.contains("gateway.legacy-issuers-until (GATEWAY_LEGACY_ISSUERS_UNTIL): required"), all);
        assertTrue(all.contains("'10.0.0.0/33' has a prefix length outside 0..32"), all);
        assertTrue(all.contains("'proxy.internal' is not an IP address or CIDR"), all);
    }

    @Test
    void deadlineMustBeAnInstant() {
        List<String> problems = ConfigProblemsTest.problems(Map.of("gateway.legacy-issuers", "http://auth.localhost",
                "gateway.legacy-issuers-until", "next tuesday"));
        assertTrue(String.join("\n", problems).contains("'next tuesday' is not an ISO-8601 instant"), problems.toString());
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "trusted-hops={0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"-1", "17"})
    void trustedHopsOutsideTheirRangeNameTheProperty(String hops) {
        List<String> problems = ConfigProblemsTest.problems(Map.of("gateway.apps.grafana.client-id", "grafana",
                "gateway.apps.grafana.sign-in", "false", "gateway.client-address.trusted-hops", hops));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("gateway.client-address.trusted-hops (GATEWAY_CLIENT_ADDRESS_TRUSTED_HOPS): "
                + hops + " is outside 0..16"), problems.toString());
    }
}
