package dev.scalr.gateway.validation;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Access rules in both forms an operator writes them: a mistake in a rule is reported with every other problem,
 * naming the rule; GATEWAY_APPS_&lt;KEY&gt;_RULES_&lt;N&gt;__&lt;SETTING&gt; binds (so it is no stray variable), a
 * misspelt rule setting binds to nothing and says so.
 */
class RuleSettingsTest {

    @Test
    void ruleMistakesAreReportedWithTheRestNamingTheRule() {
        String all = String.join("\n", ConfigProblemsTest.problems(Map.of(
                "gateway.apps.api.sign-in", "false",
                "gateway.apps.api.public-paths", "static/",
                "gateway.apps.api.rules[0].paths", "/admin/**",
                "gateway.apps.api.rules[0].policy", "groups",
                "gateway.apps.api.rules[1].paths", "/**",
                "gateway.apps.api.rules[1].policy", "deny",
                "gateway.apps.api.rules[2].paths", "~^/(?=v1)",
                "gateway.apps.api.rules[2].policy", "public")));

        assertTrue(all.contains("gateway.apps.api.public-paths: 'static/'"), all);
        assertTrue(all.contains("gateway.apps.api.rules[0].groups (GATEWAY_APPS_API_RULES_0__GROUPS): policy groups needs"
                + " at least one group"), all);
        assertTrue(all.contains("gateway.apps.api.rules[2] (GATEWAY_APPS_API_RULES_2__*): can never apply: rules[1]"
                + " matches every request first"), all);
        assertTrue(all.contains("gateway.apps.api.rules[2].paths (GATEWAY_APPS_API_RULES_2__PATHS): '~^/(?=v1)' is not a"
                + " regular expression RE2 accepts"), all);
    }

    @Test
    void validRulesAreNoProblem() {
        assertEquals(List.of(), ConfigProblemsTest.problems(Map.of(
                "gateway.apps.api.sign-in", "false",
                "gateway.apps.api.rules[0].paths", "/admin/**,~^/api/v[0-9]+/admin(/.*)?$",
                "gateway.apps.api.rules[0].policy", "groups",
                "gateway.apps.api.rules[0].groups", "admins",
                "gateway.apps.api.rules[0].mfa", "true",
                "gateway.apps.api.rules[0].max-age", "15M",
                "gateway.apps.api.rules[1].methods", "POST",
                "gateway.apps.api.rules[1].networks", "10.0.0.0/8,fd00::/8",
                "gateway.apps.api.rules[1].policy", "public")));
    }

    /** Every setting of a rule, in its environment form, for rules 0 and 1 of app WIKI. */
    private static Map<String, String> everyRuleSetting() {
        Map<String, String> env = new HashMap<>();
        env.put("GATEWAY_APPS_WIKI_CLIENT_ID", "wiki-client");
        env.put("GATEWAY_APPS_WIKI_SIGN_IN", "false");
        for (int rule : new int[] {0, 1}) {
            String prefix = "GATEWAY_APPS_WIKI_RULES_" + rule + "__";
            env.put(prefix + "PATHS", "/admin" + rule + "/**");
            env.put(prefix + "METHODS", "GET,POST");
            env.put(prefix + "NETWORKS", "10.0.0.0/8");
            env.put(prefix + "POLICY", "groups");
            env.put(prefix + "GROUPS", "admins");
            env.put(prefix + "MFA", "true");
            env.put(prefix + "MAX_AGE", "15M");
        }
        return env;
    }

    @Test
    void everyRuleSettingInEnvironmentFormBinds() {
        assertEquals(2, AppDeclarationsTest.registry(everyRuleSetting(), Map.of()).bySlug("wiki").orElseThrow()
                .access().rules().size());
    }

    @Test
    void aMisspeltRuleSettingBindsToNothingAndSaysSo() {
        Map<String, String> env = everyRuleSetting();
        env.put("GATEWAY_APPS_WIKI_RULES_1__MAXAGE", "5M");
        env.put("GATEWAY_APPS_WIKI_RULES_1__PATH", "/typo/**");
        env.put("GATEWAY_APPS_WIKI_RULES_1_POLICY", "deny");
        env.put("GATEWAY_APPS_WIKI_RULE_1__POLICY", "deny");

        String message = AppDeclarationsTest.startFailure(env, Map.of());

        for (String unbound : List.of("GATEWAY_APPS_WIKI_RULES_1__MAXAGE", "GATEWAY_APPS_WIKI_RULES_1__PATH",
                "GATEWAY_APPS_WIKI_RULES_1_POLICY", "GATEWAY_APPS_WIKI_RULE_1__POLICY")) {
            assertTrue(message.contains(unbound + ": binds to no app setting"), unbound + " not listed in:\n" + message);
        }
        assertFalse(message.contains("GATEWAY_APPS_WIKI_RULES_1__MAX_AGE:"), message);
        assertFalse(message.contains("GATEWAY_APPS_WIKI_RULES_0__"), message);
    }
}
