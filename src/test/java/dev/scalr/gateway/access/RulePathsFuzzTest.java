package dev.scalr.gateway.access;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.scalr.gateway.access.AccessRule.Policy;
import dev.scalr.gateway.token.Identity;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever path the app behind reads (PathsFuzzTest.normalise, with ';' cut or each segment's parameters dropped):
 * a path a rule lets through as public is still one of that rule's paths there, and a path that is an admin path
 * there needs the admins group here.
 */
class RulePathsFuzzTest {

    private static final AccessRules RULES = TestRule.compile(
            TestRule.policy("public").paths("/api/webhooks/*").methods("POST"),
            TestRule.policy("public").paths("/assets/**", "~^/docs/[a-z0-9-]+\\.html$"),
            TestRule.policy("groups").paths("/admin/**").groups("admins"),
            TestRule.policy("groups").paths("/**").groups("staff"));
    /** The public rules' paths, by label, as the app would have to see them. */
    private static final Map<String, List<PathPattern>> PUBLIC = Map.of(
            "0", List.of(PathPattern.compile("/api/webhooks/*")),
            "1", List.of(PathPattern.compile("/assets/**"), PathPattern.compile("~^/docs/[a-z0-9-]+\\.html$")));
    private static final Identity STAFF = new Identity("sub", "bob", null, null, List.of("staff"), Instant.MAX);

    /** Raw bytes, so stored inputs under RulePathsFuzzTestInputs/ are plain text files. */
    @FuzzTest(maxDuration = "20s")
    @DictionaryEntries({"/api/webhooks/", "/assets/", "/docs/", ".html", "/admin", "%25", "%2e", "%2E", "%2f", "%5c",
            "%61", "%", "..", ";", "%3b", "\\", "/"})
    void rulePathsHoldAfterAnyNormalisation(byte[] input) {
        String uri = new String(input, StandardCharsets.UTF_8);
        String path = uri.indexOf('?') >= 0 ? uri.substring(0, uri.indexOf('?')) : uri;
        List<String> appPaths = List.of(PathsFuzzTest.normalise(path),
                PathsFuzzTest.normalise(path.replaceAll(";[^/]*", "")));
        for (String method : List.of("GET", "POST")) {
            AccessRule rule = RULES.match(method, path, "203.0.113.7");
            if (rule.policy() == Policy.PUBLIC) {
                for (String app : appPaths) {
                    assertTrue(PUBLIC.get(rule.label()).stream().anyMatch(p -> p.matches(app)),
                            method + " " + path + " passed as public by rule " + rule.label() + " but the app reads " + app);
                }
            }
            if (appPaths.stream().anyMatch(app -> app.equals("/admin") || app.startsWith("/admin/"))) {
                assertFalse(rule.admitsGroups(STAFF.groups()), method + " " + path + " reaches /admin for staff: " + rule);
            }
        }
    }
}
