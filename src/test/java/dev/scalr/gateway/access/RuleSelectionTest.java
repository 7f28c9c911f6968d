package dev.scalr.gateway.access;

import dev.scalr.gateway.access.AccessRule.Policy;
import dev.scalr.gateway.token.Identity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Which rule decides a request: the first whose paths, methods and networks all fit; none, the app's public-paths and
 * allowed-groups as before rules existed; an unreadable path, every requirement that could apply.
 */
class RuleSelectionTest {

    private static final AccessRules WEBHOOKS = TestRule.compile(
            TestRule.policy("public").paths("/api/webhooks/*").methods("post"),
            TestRule.policy("groups").paths("/**").groups("staff"));

    @ParameterizedTest(name = "{0} {1} -> rule {2}")
    @CsvSource(delimiter = '|', textBlock = """
            POST   | /api/webhooks/github | 0
            GET    | /api/webhooks/github | 1
            PUT    | /api/webhooks/github | 1
            POST   | /api/webhooks        | 1
            POST   | /api/other           | 1
            """)
    void methodsNarrowTheRule(String method, String path, String rule) {
        assertEquals(rule, WEBHOOKS.match(method, path, "203.0.113.7").label());
    }

    /** Rule 0 opens /metrics to the cluster network; everyone else falls to rule 1, which denies. */
    private static final AccessRules METRICS = TestRule.compile(
            TestRule.policy("public").paths("/metrics/**").networks("10.42.0.0/16", "fd00::/8"),
            TestRule.policy("deny").paths("/metrics/**"));

    @ParameterizedTest(name = "client {0} -> rule {1}")
    @CsvSource(delimiter = '|', nullValues = "(none)", textBlock = """
            10.42.3.4              | 0
            10.42.255.255          | 0
            10.43.0.1              | 1
            10.4.2.1               | 1
            ::ffff:10.42.0.9       | 0
            fd00::1                | 0
            [fd12:3456::1]         | 0
            fe80::1                | 1
            2001:db8::1            | 1
            203.0.113.7            | 1
            (none)                 | 1
            ''                     | 1
            not-an-address         | 1
            10.42.0.1:8080         | 1
            10.42.0.1, 10.42.0.2   | 1
            """)
    void networksOnlyNarrowWhichRuleMatches(String client, String rule) {
        assertEquals(rule, METRICS.match("GET", "/metrics", client).label());
    }

    @Test
    void aRuleWithNetworksNeverAppliesToAnotherPath() {
        assertEquals("default", METRICS.match("GET", "/dashboards", "10.42.3.4").label());
    }

    @Test
    void theFirstMatchingRuleDecidesEvenWhenALaterOneIsMoreSpecific() {
        AccessRules adminFirst = TestRule.compile(TestRule.policy("groups").paths("/admin/**").groups("admins"),
                TestRule.policy("public").paths("/admin/login"));
        AccessRules loginFirst = TestRule.compile(TestRule.policy("public").paths("/admin/login"),
                TestRule.policy("groups").paths("/admin/**").groups("admins"));

        assertEquals("0", adminFirst.match("GET", "/admin/login", "203.0.113.7").label());
        assertEquals("0", loginFirst.match("GET", "/admin/login", "203.0.113.7").label());
        assertEquals("1", loginFirst.match("GET", "/admin/users", "203.0.113.7").label());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            /api/items         | 0       | AUTHENTICATED
            /static/app.css    | default | PUBLIC
            /static            | default | PUBLIC
            /staticfiles/x     | default | GROUPS
            /dashboards        | default | GROUPS
            """)
    void noMatchingRuleLeavesPublicPathsAndAllowedGroupsAsBefore(String path, String rule, Policy policy) {
        AccessRules rules = TestRule.compile(Set.of("admins"), List.of("/static"),
                TestRule.policy("authenticated").paths("/api/**"));

        AccessRule decided = rules.match("GET", path, "203.0.113.7");

        assertEquals(rule + " " + policy, decided.label() + " " + decided.policy());
        assertEquals(policy == Policy.GROUPS ? List.of(Set.of("admins")) : List.of(), decided.groups());
    }

    @Test
    void withoutRulesTheDefaultOfAnyGroupIsAnySignedInUser() {
        AccessRule decided = AccessRules.of(Set.of(), List.of("/public/")).match("GET", "/x", "203.0.113.7");

        assertEquals("default AUTHENTICATED", decided.label() + " " + decided.policy());
    }

    /** Rules of an app with allowed-groups staff: a public webhook, admins with mfa, auditors, an internal deny. */
    private static final AccessRules MIXED = TestRule.compile(Set.of("staff"), List.of("/static/"),
            TestRule.policy("public").paths("/api/webhooks/*").methods("POST"),
            TestRule.policy("groups").paths("/admin/**").groups("admins").withMfa().maxAge(Duration.ofMinutes(10)),
            TestRule.policy("groups").paths("/reports/**").groups("auditors", "admins").maxAge(Duration.ofHours(1)),
            TestRule.policy("deny").paths("/internal/**").networks("10.0.0.0/8"),
            TestRule.policy("authenticated").paths("/api/**").methods("DELETE"));

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
            POST | /api/webhooks/..%2f..%2fadmin
            GET  | /static/../admin
            GET  | /x/%2e%2e/admin
            GET  | /admin;x=1
            GET  | //admin
            """)
    void anUnreadablePathNeedsEveryRequirementOfEveryRuleThatCouldApply(String method, String path) {
        AccessRule strictest = MIXED.match(method, path, "203.0.113.7");

        assertEquals("strictest", strictest.label());
        assertEquals(Policy.GROUPS, strictest.policy());
        assertEquals(Set.of(Set.of("staff"), Set.of("admins"), Set.of("auditors", "admins")), Set.copyOf(strictest.groups()));
        assertTrue(strictest.mfa());
        assertEquals(600, strictest.maxAgeSeconds(), "the shortest max-age");
        assertTrue(strictest.text().contains("[1, 2]"), strictest.text());
    }

    @Test
    void anUnreadablePathFromWhereARuleDeniesIsDenied() {
        assertEquals(Policy.DENY, MIXED.match("GET", "/x/..%2fadmin", "10.1.2.3").policy());
        assertEquals(Policy.GROUPS, MIXED.match("GET", "/x/..%2fadmin", "203.0.113.7").policy());
    }

    @Test
    void anUnreadablePathOnlyCollectsRulesOfItsMethod() {
        AccessRule strictest = MIXED.match("DELETE", "/x/..%2fadmin", "203.0.113.7");

        assertTrue(strictest.text().contains("[1, 2, 4]"), strictest.text());
        assertTrue(strictest.admitsGroups(user("staff", "admins").groups()));
        assertFalse(strictest.admitsGroups(user("staff", "auditors").groups()), "rule 1 needs admins");
        assertFalse(strictest.admitsGroups(user("admins").groups()), "the default needs staff");
    }

    private static Identity user(String... groups) {
        return new Identity("sub", "bob", null, null, List.of(groups), Instant.MAX);
    }

    @Test
    void anUnreadablePathWithoutRulesNeedsTheAppsDefault() {
        AccessRule decided = AccessRules.of(Set.of("staff"), List.of("/static/")).match("GET", "/static/../x", null);

        assertEquals("default GROUPS", decided.label() + " " + decided.policy());
    }
}
