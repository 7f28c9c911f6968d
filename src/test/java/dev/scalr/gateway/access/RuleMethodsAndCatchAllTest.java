package dev.scalr.gateway.access;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RuleMethodsAndCatchAllTest {

    @Test
    void aGetRuleAlsoDecidesHeadWhichServersAnswerWithTheirGetHandler() {
        AccessRules rules = TestRule.compile(TestRule.policy("deny").paths("/admin/**").methods("GET"),
                TestRule.policy("authenticated").paths("/**"));

        assertEquals("0", rules.match("GET", "/admin/users", "203.0.113.7").label());
        assertEquals("0", rules.match("HEAD", "/admin/users", "203.0.113.7").label());
        assertEquals("1", rules.match("POST", "/admin/users", "203.0.113.7").label());
    }

    @Test
    void repeatedDoubleStarsAreACatchAllToo() {
        List<String> problems = new ArrayList<>();
        RuleCompiler.compile("app", List.of(TestRule.policy("authenticated").paths("/**/**"),
                TestRule.policy("deny").paths("/admin/**")), Set.of(), List.of(), problems);

        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("gateway.apps.app.rules[1] (GATEWAY_APPS_APP_RULES_1__*): can never apply"),
                problems.get(0));
    }
}
