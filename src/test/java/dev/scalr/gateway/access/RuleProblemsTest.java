package dev.scalr.gateway.access;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every mistake in a rule stops the start with a problem that names the rule by its property and its environment
 * variable, so an operator finds the line to fix in either form of the configuration.
 */
class RuleProblemsTest {

    private static final TestRule FINE = TestRule.policy("authenticated").paths("/x/**");

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of("a regex RE2 cannot compile", TestRule.policy("deny").paths("~^/admin[a-"),
                        "paths (GATEWAY_APPS_APP_RULES_1__PATHS): '~^/admin[a-' is not a regular expression RE2 accepts"),
                Arguments.of("a backreference", TestRule.policy("deny").paths("~^/(a+)/\\1$"),
                        "paths (GATEWAY_APPS_APP_RULES_1__PATHS): '~^/(a+)/\\1$' is not a regular expression RE2"
                                + " accepts ("),
                Arguments.of("a lookahead", TestRule.policy("deny").paths("~^/(?=admin).*"),
                        "RE2 has no backreferences or lookaround"),
                Arguments.of("a lookbehind", TestRule.policy("deny").paths("~^/.*(?<!\\.html)$"),
                        "RE2 has no backreferences or lookaround"),
                Arguments.of("'~' alone", TestRule.policy("deny").paths("~"),
                        "paths (GATEWAY_APPS_APP_RULES_1__PATHS): '~' needs a regular expression after it"),
                Arguments.of("a glob not starting with '/'", TestRule.policy("deny").paths("admin/**"),
                        "paths (GATEWAY_APPS_APP_RULES_1__PATHS): 'admin/**' must start with '/'"),
                Arguments.of("'**' inside a segment", TestRule.policy("deny").paths("/admin**"),
                        "paths (GATEWAY_APPS_APP_RULES_1__PATHS): '/admin**': '**' must be a whole segment"),
                Arguments.of("'**' starting a segment", TestRule.policy("deny").paths("/a/**.css"),
                        "'/a/**.css': '**' must be a whole segment"),
                Arguments.of("no policy", TestRule.noPolicy().paths("/a"),
                        "policy (GATEWAY_APPS_APP_RULES_1__POLICY): missing; choose public, authenticated, groups or deny"),
                Arguments.of("an unknown policy", TestRule.policy("allow").paths("/a"),
                        "policy (GATEWAY_APPS_APP_RULES_1__POLICY): 'allow' is unknown"),
                Arguments.of("policy groups without groups", TestRule.policy("groups").paths("/a"),
                        "groups (GATEWAY_APPS_APP_RULES_1__GROUPS): policy groups needs at least one group"),
                Arguments.of("policy groups with blank groups", TestRule.policy("groups").paths("/a").groups(" "),
                        "groups (GATEWAY_APPS_APP_RULES_1__GROUPS): policy groups needs at least one group"),
                Arguments.of("groups with another policy", TestRule.policy("authenticated").groups("admins"),
                        "groups (GATEWAY_APPS_APP_RULES_1__GROUPS): only policy groups reads groups; this rule's policy"
                                + " is authenticated"),
                Arguments.of("mfa on a public rule", TestRule.policy("public").paths("/a").withMfa(),
                        "rules[1]: mfa and max-age need a signed-in user; policy public has none"),
                Arguments.of("max-age on a deny rule", TestRule.policy("deny").paths("/a").maxAge(Duration.ofMinutes(5)),
                        "rules[1]: mfa and max-age need a signed-in user; policy deny has none"),
                Arguments.of("max-age zero", TestRule.policy("authenticated").maxAge(Duration.ZERO),
                        "max-age (GATEWAY_APPS_APP_RULES_1__MAX_AGE): PT0S must be a whole number of seconds above zero"),
                Arguments.of("max-age negative", TestRule.policy("authenticated").maxAge(Duration.ofMinutes(-5)),
                        "max-age (GATEWAY_APPS_APP_RULES_1__MAX_AGE): PT-5M must be"),
                Arguments.of("max-age with a fraction", TestRule.policy("authenticated").maxAge(Duration.ofMillis(1500)),
                        "max-age (GATEWAY_APPS_APP_RULES_1__MAX_AGE): PT1.5S must be"),
                Arguments.of("a name in networks", TestRule.policy("public").networks("intranet"),
                        "networks (GATEWAY_APPS_APP_RULES_1__NETWORKS): 'intranet' is not an IP address or CIDR"),
                Arguments.of("a prefix too long", TestRule.policy("public").networks("10.0.0.0/33"),
                        "networks (GATEWAY_APPS_APP_RULES_1__NETWORKS): '10.0.0.0/33' has a prefix length outside 0..32"),
                Arguments.of("an IPv6 prefix too long", TestRule.policy("public").networks("fd00::/129"),
                        "'fd00::/129' has a prefix length outside 0..128"),
                Arguments.of("two methods in one entry", TestRule.policy("public").methods("GET POST"),
                        "methods (GATEWAY_APPS_APP_RULES_1__METHODS): 'GET POST' is not an HTTP method"),
                Arguments.of("a wildcard method", TestRule.policy("public").methods("*"),
                        "methods (GATEWAY_APPS_APP_RULES_1__METHODS): '*' is not an HTTP method"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void mistakeIsReportedNamingTheRule(String name, TestRule mistake, String expected) {
        List<String> problems = TestRule.problems(FINE, mistake);

        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("gateway.apps.app.rules[1]"), problems.get(0));
        assertTrue(problems.get(0).contains(expected), problems.get(0));
    }

    @Test
    void allMistakesOfAllRulesAreReportedTogether() {
        List<String> problems = TestRule.problems(TestRule.policy("groups").paths("/a**", "~(?=x)"),
                FINE, TestRule.policy("public").networks("intranet").withMfa());

        assertEquals(5, problems.size(), problems::toString);
        assertEquals(3, problems.stream().filter(p -> p.startsWith("gateway.apps.app.rules[0]")).count(),
                problems::toString);
        assertEquals(2, problems.stream().filter(p -> p.startsWith("gateway.apps.app.rules[2]")).count(),
                problems::toString);
    }

    @ParameterizedTest(name = "after {0}")
    @ValueSource(strings = {"/**", "~.*", "~^/.*$"})
    void aRuleAfterOneThatMatchesEveryRequestCanNeverApply(String everything) {
        List<String> problems = TestRule.problems(FINE, TestRule.policy("deny").paths("/old/**", everything),
                TestRule.policy("public").paths("/health"));

        assertEquals(List.of("gateway.apps.app.rules[2] (GATEWAY_APPS_APP_RULES_2__*): can never apply: rules[1] matches"
                + " every request first; move it above, or narrow the earlier rule"), problems);
    }

    @Test
    void aRuleWithoutPathsMatchesEveryRequest() {
        List<String> problems = TestRule.problems(TestRule.policy("authenticated"), FINE);

        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("gateway.apps.app.rules[1] (GATEWAY_APPS_APP_RULES_1__*): can never apply"));
    }

    @Test
    void aCatchAllNarrowedByMethodOrNetworkLeavesLaterRulesReachable() {
        assertEquals(List.of(), TestRule.problems(TestRule.policy("deny").paths("/**").methods("DELETE"),
                TestRule.policy("public").networks("10.0.0.0/8"), FINE));
    }

    @Test
    void anAppKeyIsWrittenInItsEnvironmentForm() {
        List<String> problems = new ArrayList<>();
        RuleCompiler.compile("team-wiki", List.of(TestRule.noPolicy()), Set.of(), List.of(), problems);

        assertEquals(1, problems.size(), problems::toString);
        assertTrue(problems.get(0).startsWith("gateway.apps.team-wiki.rules[0].policy (GATEWAY_APPS_TEAM_WIKI_RULES_0__POLICY)"),
                problems.get(0));
    }

    /**
     * Patterns a backtracking engine takes exponential time over: RE2J accepts them and matches in time linear in
     * the path. The bound guards against a blow-up (seconds, minutes), it is no speed target.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"~^/(a+)+$", "~^/(a|a)*$", "~^/(a|aa)+$", "~^/(a*)*b$", "~^/(.*a){25}$",
            "~^(/[a-z]*)*\\.html$"})
    void backtrackingPatternsAreAcceptedAndMatchLongPathsPromptly(String pattern) {
        AccessRules rules = TestRule.compile(TestRule.policy("deny").paths(pattern));
        String adversarial = "/" + "a".repeat(20_000) + "!";
        String matching = pattern.endsWith("b$") ? "/" + "a".repeat(20_000) + "b"
                : pattern.contains("html") ? "/a/b/" + "a".repeat(20_000) + ".html" : "/" + "a".repeat(20_000);

        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            assertEquals("default", rules.match("GET", adversarial, "203.0.113.7").label(), adversarial);
            assertEquals("0", rules.match("GET", matching, "203.0.113.7").label());
        });
    }

    @Test
    void validRulesHaveNoProblems() {
        List<String> problems = TestRule.problems(
                TestRule.policy("public").paths("/api/webhooks/*").methods("post"),
                TestRule.policy("groups").paths("/admin/**", "~^/api/v[0-9]+/admin(/.*)?$").groups("admins").withMfa()
                        .maxAge(Duration.ofMinutes(15)),
                TestRule.policy("deny").paths("/metrics/**").networks("10.0.0.0/8", "fd00::/8", "192.0.2.1"),
                TestRule.policy("authenticated"));

        assertEquals(List.of(), problems);
    }
}
