package dev.scalr.gateway.access;

import dev.scalr.gateway.config.RuleConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A rule as the configuration mapping would hand it over, written in one line of a test; compiled by the same
 * {@link RuleCompiler} as production, so the tests see what an operator's configuration would give.
 */
record TestRule(Optional<List<String>> paths, Optional<List<String>> methods, Optional<List<String>> networks,
        Optional<String> policy, Optional<List<String>> groups, boolean mfa, Optional<Duration> maxAge)
        implements RuleConfig {

    static TestRule policy(String policy) {
        return new TestRule(Optional.empty(), Optional.empty(), Optional.empty(), Optional.ofNullable(policy),
                Optional.empty(), false, Optional.empty());
    }

    static TestRule noPolicy() {
        return policy(null);
    }

    TestRule paths(String... paths) {
        return new TestRule(Optional.of(List.of(paths)), methods, networks, policy, groups, mfa, maxAge);
    }

    TestRule methods(String... methods) {
        return new TestRule(paths, Optional.of(List.of(methods)), networks, policy, groups, mfa, maxAge);
    }

    TestRule networks(String... networks) {
        return new TestRule(paths, methods, Optional.of(List.of(networks)), policy, groups, mfa, maxAge);
    }

    TestRule groups(String... groups) {
        return new TestRule(paths, methods, networks, policy, Optional.of(List.of(groups)), mfa, maxAge);
    }

    TestRule withMfa() {
        return new TestRule(paths, methods, networks, policy, groups, true, maxAge);
    }

    TestRule maxAge(Duration maxAge) {
        return new TestRule(paths, methods, networks, policy, groups, mfa, Optional.of(maxAge));
    }

    /** The rules of app "app" without allowed-groups or public-paths; fails the test on any problem. */
    static AccessRules compile(TestRule... rules) {
        return compile(Set.of(), List.of(), rules);
    }

    /** Fails the test on any problem: these are rules the test means to be valid. */
    static AccessRules compile(Set<String> allowedGroups, List<String> publicPaths, TestRule... rules) {
        List<String> problems = new ArrayList<>();
        AccessRules compiled = RuleCompiler.compile("app", Arrays.asList(rules), allowedGroups, publicPaths, problems);
        assertEquals(List.of(), problems, "the test's rules are valid");
        return compiled;
    }

    /** The problems the compiler reports for these rules of app "app". */
    static List<String> problems(TestRule... rules) {
        List<String> problems = new ArrayList<>();
        RuleCompiler.compile("app", Arrays.asList(rules), Set.of(), List.of(), problems);
        return problems;
    }
}
