package dev.scalr.gateway.access;

import dev.scalr.gateway.access.AccessRule.Policy;
import dev.scalr.gateway.config.RuleConfig;
import dev.scalr.gateway.forward.AddressRanges;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns gateway.apps.&lt;key&gt;.rules[N] into {@link AccessRules}, once, at startup; every mistake becomes a problem
 * naming the rule's property and its environment variable, so the gateway refuses to start and says why.
 */
public final class RuleCompiler {

    private static final Pattern METHOD = Pattern.compile("[A-Z]+");

    private RuleCompiler() {
    }

    static AccessRules withoutRules(Set<String> allowedGroups, List<String> publicPaths) {
        return new AccessRules(new AccessRule[0], List.copyOf(publicPaths), publicDefault(),
                protectedDefault(allowedGroups));
    }

    /**
     * @param key      the app's key under gateway.apps (for the problems' names)
     * @param problems where mistakes go; the rules returned then leave the faulty ones out
     */
    public static AccessRules compile(String key, List<RuleConfig> configs, Set<String> allowedGroups,
            List<String> publicPaths, List<String> problems) {
        List<AccessRule> rules = new ArrayList<>();
        String catchAll = null;
        for (int i = 0; i < configs.size(); i++) {
            String name = "gateway.apps." + key + ".rules[" + i + "]";
            String env = "GATEWAY_APPS_" + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_RULES_" + i + "__";
            if (catchAll != null) {
                problems.add(name + " (" + env + "*): can never apply: " + catchAll
                        + " matches every request first; move it above, or narrow the earlier rule");
            }
            AccessRule rule = compile(String.valueOf(i), configs.get(i), name, env, problems);
            if (rule != null) {
                rules.add(rule);
                if (catchAll == null && rule.catchesAll()) {
                    catchAll = "rules[" + i + "]";
                }
            }
        }
        return new AccessRules(rules.toArray(AccessRule[]::new), List.copyOf(publicPaths), publicDefault(),
                protectedDefault(allowedGroups));
    }

    private static AccessRule compile(String label, RuleConfig config, String name, String env, List<String> problems) {
        int before = problems.size();
        List<PathPattern> paths = new ArrayList<>();
        for (String entry : config.paths().orElse(List.of())) {
            try {
                paths.add(PathPattern.compile(entry));
            } catch (IllegalArgumentException e) {
                problems.add(name + ".paths (" + env + "PATHS): " + e.getMessage());
            }
        }
        List<String> methods = new ArrayList<>();
        for (String method : config.methods().orElse(List.of())) {
            String upper = method.strip().toUpperCase(Locale.ROOT);
            if (!METHOD.matcher(upper).matches()) {
                problems.add(name + ".methods (" + env + "METHODS): '" + method + "' is not an HTTP method");
            }
            methods.add(upper);
        }
        if (methods.contains("GET") && !methods.contains("HEAD")) {
            methods.add("HEAD"); // servers answer HEAD with their GET handler: a GET rule that missed it could be bypassed
        }
        AddressRanges networks = null;
        if (config.networks().isPresent()) {
            try {
                networks = AddressRanges.of(config.networks().get());
            } catch (IllegalArgumentException e) {
                problems.add(name + ".networks (" + env + "NETWORKS): " + e.getMessage());
            }
        }
        Policy policy = policy(config, name, env, problems);
        List<String> groups = config.groups().orElse(List.of()).stream().map(String::strip).filter(g -> !g.isEmpty()).toList();
        if (policy == Policy.GROUPS && groups.isEmpty()) {
            problems.add(name + ".groups (" + env + "GROUPS): policy groups needs at least one group");
        }
        if (policy != null && policy != Policy.GROUPS && !groups.isEmpty()) {
            problems.add(name + ".groups (" + env + "GROUPS): only policy groups reads groups; this rule's policy is "
                    + policy.name().toLowerCase(Locale.ROOT));
        }
        long maxAge = config.maxAge().map(d -> d.getSeconds()).orElse(0L);
        if (config.maxAge().isPresent() && (config.maxAge().get().isNegative() || config.maxAge().get().isZero()
                || config.maxAge().get().getNano() != 0)) {
            problems.add(name + ".max-age (" + env + "MAX_AGE): " + config.maxAge().get()
                    + " must be a whole number of seconds above zero, e.g. 15M");
        }
        if ((policy == Policy.PUBLIC || policy == Policy.DENY) && (config.mfa() || maxAge > 0)) {
            problems.add(name + ": mfa and max-age need a signed-in user; policy "
                    + policy.name().toLowerCase(Locale.ROOT) + " has none");
        }
        if (problems.size() > before || policy == null) {
            return null;
        }
        return new AccessRule(label, paths.toArray(PathPattern[]::new), methods.toArray(String[]::new), networks,
                policy, groups.isEmpty() ? List.of() : List.of(Set.copyOf(groups)), config.mfa(), maxAge,
                text(config, policy, groups, maxAge));
    }

    private static Policy policy(RuleConfig config, String name, String env, List<String> problems) {
        if (config.policy().isEmpty()) {
            problems.add(name + ".policy (" + env + "POLICY): missing; choose public, authenticated, groups or deny");
            return null;
        }
        try {
            return Policy.valueOf(config.policy().get().strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            problems.add(name + ".policy (" + env + "POLICY): '" + config.policy().get()
                    + "' is unknown; choose public, authenticated, groups or deny");
            return null;
        }
    }

    private static String text(RuleConfig config, Policy policy, List<String> groups, long maxAge) {
        StringJoiner text = new StringJoiner(" ");
        config.paths().ifPresent(p -> text.add("paths=" + String.join(",", p)));
        config.methods().ifPresent(m -> text.add("methods=" + String.join(",", m).toUpperCase(Locale.ROOT)));
        config.networks().ifPresent(n -> text.add("networks=" + String.join(",", n)));
        text.add("policy=" + policy.name().toLowerCase(Locale.ROOT));
        if (!groups.isEmpty()) {
            text.add("groups=" + String.join(",", groups));
        }
        if (config.mfa()) {
            text.add("mfa=true");
        }
        if (maxAge > 0) {
            text.add("max-age=" + config.maxAge().get());
        }
        return text.toString();
    }

    private static AccessRule publicDefault() {
        return new AccessRule("default", new PathPattern[0], new String[0], null, Policy.PUBLIC, List.of(), false, 0,
                "public-paths");
    }

    private static AccessRule protectedDefault(Set<String> allowedGroups) {
        return allowedGroups.isEmpty()
                ? new AccessRule("default", new PathPattern[0], new String[0], null, Policy.AUTHENTICATED, List.of(),
                        false, 0, "any signed-in user")
                : new AccessRule("default", new PathPattern[0], new String[0], null, Policy.GROUPS,
                        List.of(Set.copyOf(allowedGroups)), false, 0,
                        "allowed-groups=" + String.join(",", new TreeSet<>(allowedGroups)));
    }
}
