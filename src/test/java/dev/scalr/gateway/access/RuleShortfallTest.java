package dev.scalr.gateway.access;

import dev.scalr.gateway.access.AccessRule.Policy;
import dev.scalr.gateway.token.Identity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a rule asks of a known user: its groups, and of the sign-in behind the credential a second factor (amr) or a
 * recent time (auth_time). A shortfall says whether the user must sign in again at Authentik (prompt=login) or, having
 * just done so without a second factor, would only come back the same way.
 */
class RuleShortfallTest {

    private static final long NOW = 1_800_000_000L;

    private static AccessRule rule(TestRule rule) {
        return TestRule.compile(rule.paths("/x/**")).match("GET", "/x", "203.0.113.7");
    }

    private static StepUp shortfall(AccessRule rule, Identity identity) {
        return rule.shortfall(identity.amr(), identity.authTime(), NOW);
    }

    private static Identity signedIn(long secondsAgo, String... amr) {
        return new Identity("sub", "alice", null, null, List.of("staff"), Instant.MAX, List.of(), Arrays.asList(amr),
                secondsAgo < 0 ? 0 : NOW - secondsAgo);
    }

    @ParameterizedTest(name = "amr {0}, signed in {1}s ago -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            pwd mfa | 3600 | none
            mfa     | 3600 | none
            pwd otp | 3600 | none
            hwk     | 3600 | none
            pwd     | 3600 | mfa_required, sign in again
            pwd     | 121  | mfa_required, sign in again
            pwd     | 120  | mfa_required, sign in again
            pwd     | 5    | mfa_required, sign in again
            pwd     | -1   | mfa_required, sign in again
            user    | 5    | mfa_required, sign in again
            MFA     | 3600 | mfa_required, sign in again
            ''      | 3600 | mfa_required, sign in again
            """)
    void mfaRuleNeedsASecondFactorInAmr(String amr, long secondsAgo, String expected) {
        AccessRule rule = rule(TestRule.policy("authenticated").withMfa());
        StepUp shortfall = shortfall(rule, signedIn(secondsAgo, amr.isEmpty() ? new String[0] : amr.split(" ")));

        assertEquals(expected, shortfall == null ? "none" : shortfall.reason() + ", "
                + (shortfall.reauthenticate() ? "sign in again" : "just signed in"));
    }

    @ParameterizedTest(name = "signed in {0}s ago against max-age 15m -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            0     | none
            60    | none
            900   | none
            901   | sign_in_too_old
            86400 | sign_in_too_old
            -1    | sign_in_too_old
            """)
    void maxAgeRuleNeedsARecentSignIn(long secondsAgo, String expected) {
        AccessRule rule = rule(TestRule.policy("groups").groups("staff").maxAge(Duration.ofMinutes(15)));
        StepUp shortfall = shortfall(rule, signedIn(secondsAgo, "pwd"));

        assertEquals(expected, shortfall == null ? "none" : shortfall.reason());
        if (shortfall != null) {
            assertTrue(shortfall.reauthenticate(), "max_age alone may be ignored by a signed-in Authentik session");
            assertEquals(900, shortfall.maxAgeSeconds());
            assertEquals("this page needs a sign-in within the last 15 minutes", shortfall.description());
        }
    }

    @Test
    void mfaShortfallCarriesTheRulesMaxAgeToAuthentik() {
        AccessRule rule = rule(TestRule.policy("authenticated").withMfa().maxAge(Duration.ofMinutes(5)));

        StepUp noSecondFactor = shortfall(rule, signedIn(30, "pwd"));
        StepUp tooOld = shortfall(rule, signedIn(301, "pwd", "mfa"));

        assertEquals(StepUp.MFA_REQUIRED + " 300", noSecondFactor.reason() + " " + noSecondFactor.maxAgeSeconds());
        assertEquals(StepUp.SIGN_IN_TOO_OLD + " 300", tooOld.reason() + " " + tooOld.maxAgeSeconds());
        assertNull(shortfall(rule, signedIn(299, "pwd", "mfa")));
    }

    @Test
    void aFirstSignInAsksForMaxAgeButNeverForPromptLogin() {
        StepUp first = rule(TestRule.policy("authenticated").maxAge(Duration.ofHours(1))).firstSignIn();

        assertEquals(new StepUp(null, null, false, 3600), first);
        assertNull(rule(TestRule.policy("authenticated").withMfa()).firstSignIn());
    }

    @Test
    void groupsPolicyAdmitsAUserInOneOfItsGroups() {
        AccessRule rule = rule(TestRule.policy("groups").groups("admins", " ops "));

        assertTrue(rule.admitsGroups(user("ops").groups()));
        assertTrue(rule.admitsGroups(user("staff", "admins").groups()));
        assertFalse(rule.admitsGroups(user("staff").groups()));
        assertFalse(rule.admitsGroups(user().groups()));
        assertFalse(rule.admitsGroups(user("Admins").groups()), "group names are compared as Authentik writes them");
        assertEquals("admins or ops", rule.groupsText());
    }

    @ParameterizedTest(name = "policy {0}")
    @CsvSource({"public, PUBLIC", "authenticated, AUTHENTICATED", "deny, DENY", "' Authenticated ', AUTHENTICATED"})
    void everyPolicyButGroupsAdmitsAnyGroup(String configured, Policy policy) {
        AccessRule rule = rule(TestRule.policy(configured));

        assertEquals(policy, rule.policy());
        assertTrue(rule.admitsGroups(user().groups()));
        assertNull(shortfall(rule, signedIn(-1)), "nothing asked of the sign-in");
    }

    private static Identity user(String... groups) {
        return new Identity("sub", "alice", null, null, List.of(groups), Instant.MAX);
    }
}
