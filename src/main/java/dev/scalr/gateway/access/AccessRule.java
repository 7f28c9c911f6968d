package dev.scalr.gateway.access;

import dev.scalr.gateway.forward.AddressRanges;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * One compiled access rule of an app (gateway.apps.&lt;key&gt;.rules[N]): when it applies (paths, methods, networks)
 * and what it then asks (policy, groups, a second factor, a recent sign-in). The app's own allowed-groups and
 * public-paths are a rule too, the one that applies when no configured rule does ({@link #label()} "default").
 */
public final class AccessRule {

    public enum Policy {
        PUBLIC, AUTHENTICATED, GROUPS, DENY
    }

    /** amr values that show a second factor: Authentik writes "mfa" when an MFA device was used; RFC 8176's otp, hwk. */
    static final Set<String> SECOND_FACTOR = Set.of("mfa", "otp", "hwk");

    private final String label;
    private final PathPattern[] paths;
    private final String[] methods;
    private final AddressRanges networks;
    private final Policy policy;
    private final List<Set<String>> groups;
    private final boolean mfa;
    private final long maxAgeSeconds;
    private final String text;

    /**
     * @param paths    empty: every path
     * @param methods  upper case; empty: every method
     * @param networks null: every client address
     * @param groups   each set is one requirement (the user is in one of its groups), all must hold
     */
    AccessRule(String label, PathPattern[] paths, String[] methods, AddressRanges networks, Policy policy,
            List<Set<String>> groups, boolean mfa, long maxAgeSeconds, String text) {
        this.label = label;
        this.paths = paths;
        this.methods = methods;
        this.networks = networks;
        this.policy = policy;
        this.groups = groups;
        this.mfa = mfa;
        this.maxAgeSeconds = maxAgeSeconds;
        this.text = text;
    }

    /** The rule's index as configured ("2"), or "default" (no rule matched), or "strictest" (an unreadable path). */
    public String label() {
        return label;
    }

    public Policy policy() {
        return policy;
    }

    public boolean mfa() {
        return mfa;
    }

    public long maxAgeSeconds() {
        return maxAgeSeconds;
    }

    /** The groups, one set per requirement. */
    public List<Set<String>> groups() {
        return groups;
    }

    /** The rule as configured, for the explain endpoint and logs. */
    public String text() {
        return text;
    }

    boolean appliesToMethod(String method) {
        if (methods.length == 0) {
            return true;
        }
        for (String m : methods) {
            if (m.equals(method)) {
                return true;
            }
        }
        return false;
    }

    boolean appliesToPath(String path) {
        if (paths.length == 0) {
            return true;
        }
        for (PathPattern pattern : paths) {
            if (pattern.matches(path)) {
                return true;
            }
        }
        return false;
    }

    boolean hasNetworks() {
        return networks != null;
    }

    boolean appliesToAddress(byte[] address) {
        return networks == null || networks.contains(address);
    }

    /** True when this rule applies to every request: any later rule is unreachable. */
    boolean catchesAll() {
        return methods.length == 0 && networks == null
                && (paths.length == 0 || Arrays.stream(paths).anyMatch(PathPattern::matchesEverything));
    }

    /**
     * For {@link Policy#GROUPS}: whether the user's groups hold one group of every requirement; true for other
     * policies. Plain values rather than token/Identity: the app package holds its rules and token reads apps.
     */
    public boolean admitsGroups(List<String> userGroups) {
        for (Set<String> anyOf : groups) {
            if (!anyIn(userGroups, anyOf)) {
                return false;
            }
        }
        return true;
    }

    private static boolean anyIn(List<String> values, Set<String> wanted) {
        for (int i = 0; i < values.size(); i++) {
            if (wanted.contains(values.get(i))) {
                return true;
            }
        }
        return false;
    }

    /**
     * What the user's sign-in lacks for this rule, or null when it is enough.
     * @param amr      how the user signed in (the token's amr)
     * @param authTime the token's auth_time, 0 when absent (a sign-in of unknown age is too old for max-age)
     */
    public StepUp shortfall(List<String> amr, long authTime, long nowSeconds) {
        if (mfa && amr.stream().noneMatch(SECOND_FACTOR::contains)) {
            return new StepUp(StepUp.MFA_REQUIRED, "this page needs a sign-in with a second factor", true, maxAgeSeconds);
        }
        if (maxAgeSeconds > 0 && (authTime <= 0 || nowSeconds - authTime > maxAgeSeconds)) {
            return new StepUp(StepUp.SIGN_IN_TOO_OLD, "this page needs a sign-in within the last "
                    + Durations.text(maxAgeSeconds), true, maxAgeSeconds);
        }
        return null;
    }

    /** What a first sign-in for this rule asks of Authentik (max_age), or null when nothing. */
    public StepUp firstSignIn() {
        return maxAgeSeconds > 0 ? new StepUp(null, null, false, maxAgeSeconds) : null;
    }

    /** "groups admins or ops" / "groups admins and staff": the requirement in a log line's words. */
    public String groupsText() {
        return groups.stream().map(set -> set.stream().sorted().collect(Collectors.joining(" or ")))
                .sorted().collect(Collectors.joining(", and "));
    }

    @Override
    public String toString() {
        return "rule " + label + ": " + text;
    }
}
