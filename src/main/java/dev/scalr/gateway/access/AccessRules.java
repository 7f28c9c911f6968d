package dev.scalr.gateway.access;

import dev.scalr.gateway.access.AccessRule.Policy;
import dev.scalr.gateway.forward.AddressRanges;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An app's access rules, compiled once at startup ({@link RuleCompiler}): which rule decides a request. The first
 * configured rule that matches the method, the path and the client address; none matching, the app's default (its
 * public-paths, else its allowed-groups). Matching a plain path allocates nothing; the client address is parsed
 * once, and only when a rule with networks is reached.
 *
 * <p>A path the gateway cannot read the way the app will (dot segments, encoded separators, {@link Paths#isPlain})
 * could be turned by the app into a path of any rule, so it gets the strictest of every rule that applies to its
 * method and address, and the default's: no public access, every rule's groups, any deny refuses.
 */
public final class AccessRules {

    private final AccessRule[] rules;
    private final List<String> publicPaths;
    private final AccessRule publicDefault;
    private final AccessRule protectedDefault;

    AccessRules(AccessRule[] rules, List<String> publicPaths, AccessRule publicDefault, AccessRule protectedDefault) {
        this.rules = rules;
        this.publicPaths = publicPaths;
        this.publicDefault = publicDefault;
        this.protectedDefault = protectedDefault;
    }

    /** An app without rules: public-paths pass, everything else needs a sign-in and one of allowedGroups (if any). */
    public static AccessRules of(Set<String> allowedGroups, List<String> publicPaths) {
        return RuleCompiler.withoutRules(allowedGroups, publicPaths);
    }

    /** The configured rules, in order. */
    public List<AccessRule> rules() {
        return List.of(rules);
    }

    /** The rule that decides a request. */
    public AccessRule match(String method, String path, String clientAddress) {
        if (!Paths.isPlain(path)) {
            return rules.length == 0 ? protectedDefault : strictest(method, clientAddress);
        }
        if (rules.length > 0) {
            String normalised = Paths.normalised(path);
            byte[] address = null;
            boolean addressRead = false;
            for (AccessRule rule : rules) {
                if (!rule.appliesToMethod(method) || !rule.appliesToPath(normalised)) {
                    continue;
                }
                if (rule.hasNetworks()) {
                    if (!addressRead) {
                        address = AddressRanges.literal(clientAddress);
                        addressRead = true;
                    }
                    if (!rule.appliesToAddress(address)) {
                        continue;
                    }
                }
                return rule;
            }
        }
        return isPublicPath(path) ? publicDefault : protectedDefault;
    }

    /** True when the path (no query) falls under a public prefix, on a segment boundary. */
    private boolean isPublicPath(String path) {
        for (String prefix : publicPaths) {
            if (prefix.endsWith("/") ? path.startsWith(prefix)
                    : path.equals(prefix) || path.startsWith(prefix + "/")) {
                return true;
            }
        }
        return false;
    }

    /** Every requirement of the rules that could apply, whatever the path turns into: a rare request, built anew. */
    private AccessRule strictest(String method, String clientAddress) {
        byte[] address = AddressRanges.literal(clientAddress);
        Set<Set<String>> groups = new LinkedHashSet<>(protectedDefault.groups());
        boolean mfa = false;
        long maxAge = 0;
        List<String> from = new ArrayList<>();
        for (AccessRule rule : rules) {
            if (!rule.appliesToMethod(method) || !rule.appliesToAddress(address) || rule.policy() == Policy.PUBLIC) {
                continue;
            }
            if (rule.policy() == Policy.DENY) {
                return new AccessRule("strictest", new PathPattern[0], new String[0], null, Policy.DENY, List.of(),
                        false, 0, "an unreadable path, and rule " + rule.label() + " denies");
            }
            groups.addAll(rule.groups());
            mfa |= rule.mfa();
            maxAge = rule.maxAgeSeconds() > 0 && (maxAge == 0 || rule.maxAgeSeconds() < maxAge) ? rule.maxAgeSeconds() : maxAge;
            from.add(rule.label());
        }
        return new AccessRule("strictest", new PathPattern[0], new String[0], null,
                groups.isEmpty() ? Policy.AUTHENTICATED : Policy.GROUPS, List.copyOf(groups), mfa, maxAge,
                "an unreadable path: every requirement of rules " + from + " and the app's default");
    }
}
