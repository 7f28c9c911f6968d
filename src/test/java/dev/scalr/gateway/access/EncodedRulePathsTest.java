package dev.scalr.gateway.access;

import dev.scalr.gateway.access.AccessRule.Policy;
import dev.scalr.gateway.token.Identity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The encodings that must not turn a public prefix into a way around sign-in (PlainPathsTest, PathsFuzzTest's
 * inputs) must not turn a rule's path into a way around its groups either: whatever path an app behind the gateway
 * may read (PathsFuzzTest.normalise: decoded twice, '\' as '/', ';' parameters dropped, dot segments resolved),
 * a request that reaches /admin there needs admins here, and a public webhook stays the only thing public.
 */
class EncodedRulePathsTest {

    private static final AccessRules RULES = TestRule.compile(
            TestRule.policy("public").paths("/api/webhooks/*").methods("POST"),
            TestRule.policy("groups").paths("/admin/**").groups("admins"),
            TestRule.policy("groups").paths("/**").groups("staff"));
    private static final Identity STAFF = new Identity("sub", "bob", null, null, List.of("staff"), Instant.MAX);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "/admin",
            "/admin/users",
            "/%61dmin/users",
            "/%61%64%6d%69%6e",
            "/%61%64%6D%69%6E",
            "/adm%69n",
            "/x/../admin",
            "/x/./../admin",
            "/x/..%2fadmin",
            "/x/..%2Fadmin",
            "/x%2f..%2fadmin",
            "/x/%2e%2e/admin",
            "/x/%2E%2E/admin",
            "/x/%2e%2E/admin",
            "/x/.%2e/admin",
            "/x/%2e./admin",
            "/x/..;/admin",
            "/x/..;a=b/admin",
            "/x/..%3b/admin",
            "/x/..%3B/admin",
            "/admin;jsessionid=1",
            "/x/%252e%252e/admin",
            "/x/%252E%252E%252Fadmin",
            "/x/..%252fadmin",
            "/%2561dmin",
            "/x/..\\admin",
            "/x\\..\\admin",
            "/x/..%5cadmin",
            "/x/..%5Cadmin",
            "//admin",
            "/x//../admin",
            "/./admin",
            "/%2e/admin",
            "/%2fadmin",
            "/x/..%2f%2e%2e%2fadmin",
            "/api/webhooks/..%2f..%2fadmin",
            "/api/webhooks/%2e%2e/%2e%2e/admin",
            "/%%361dmin",
            "/x/%%32%65%%32%65/admin",
            "/x/..%%32%66admin"})
    void noEncodingReachesAdminPathsWithoutAdmins(String path) {
        assertTrue(reachesAdmin(path), "an app could read " + path + " as an admin path");
        for (String method : List.of("GET", "POST")) {
            AccessRule decided = RULES.match(method, path, "203.0.113.7");

            assertNotEquals(Policy.PUBLIC, decided.policy(), method + " " + path + ": " + decided);
            assertFalse(decided.admitsGroups(STAFF.groups()), method + " " + path + " let staff in: " + decided);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "/api/webhooks/..%2f..%2fadmin",
            "/api/webhooks/..%2f..%2fsettings",
            "/api/webhooks/%2e%2e/private",
            "/api/webhooks/..;/private",
            "/api/webhooks/x/../../private",
            "/api/webhooks/%252e%252e%252fprivate",
            "/api/webhooks/..\\private",
            "/api/webhooks//private",
            "/api/webhooks/x;/../../private",
            "/api/%77ebhooks/..%2fprivate",
            "/api/webhooks/..%%32%66..%%32%66private"})
    void aPublicWebhookRuleOpensNothingBeyondItsOwnPath(String path) {
        AccessRule decided = RULES.match("POST", path, "203.0.113.7");

        assertNotEquals(Policy.PUBLIC, decided.policy(), path + ": " + decided);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/api/webhooks/github", "/api/%77ebhooks/github", "/api/webhooks/a%20b", "/api/webhooks/"})
    void theWebhookItselfStaysPublic(String path) {
        assertTrue(RULES.match("POST", path, "203.0.113.7").policy() == Policy.PUBLIC, path);
    }

    /** Cutting the path at ';' (normalise) or dropping each segment's parameters (Tomcat: "..;x" is ".."). */
    private static boolean reachesAdmin(String path) {
        return List.of(PathsFuzzTest.normalise(path), PathsFuzzTest.normalise(path.replaceAll(";[^/]*", "")))
                .stream().anyMatch(app -> app.equals("/admin") || app.startsWith("/admin/"));
    }
}
