package dev.scalr.gateway.validation;

import dev.scalr.gateway.config.AppConfig;
import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.config.RuleConfig;
import io.smallrye.config.EnvConfigSource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Apps are declared by environment variables, and SmallRye binds GATEWAY_APPS_&lt;KEY&gt;_&lt;SETTING&gt; only when
 * the key is one word: GATEWAY_APPS_APP_A_SLUG binds to nothing, silently, and the gateway would start with no app,
 * ready, refusing everything. So every GATEWAY_APPS_* variable must be the env form of a setting of a bound app,
 * and at least one app must be declared unless gateway.allow-no-apps says otherwise. Names only: values may be
 * secrets.
 */
public final class AppDeclarations {

    private static final String PREFIX = "GATEWAY_APPS_";
    /** The settings of one app, in env form (CLIENT_ID, ...), longest first so suffixes match greedily. */
    static final List<String> SETTINGS = settings();

    private AppDeclarations() {
    }

    public static void check(List<String> problems, GatewayConfig gateway, Collection<String> environmentNames) {
        Set<String> bound = new HashSet<>();
        for (String key : gateway.apps().keySet()) {
            String envKey = envForm(key.indexOf('.') >= 0 ? "\"" + key + "\"" : key);
            SETTINGS.forEach(setting -> bound.add(PREFIX + envKey + "_" + setting));
        }
        for (String name : new TreeSet<>(environmentNames)) {
            String upper = name.toUpperCase(Locale.ROOT);
            if (upper.startsWith(PREFIX) && !bound.contains(upper) && !bound.contains(withoutIndex(upper))
                    && !bound.contains(withoutIndex(withoutRuleIndex(upper)))) {
                problems.add(name + ": binds to no app setting, so it is ignored; " + howToWrite(upper));
            }
        }
        if (gateway.apps().values().stream().noneMatch(AppConfig::enabled) && !gateway.allowNoApps()) {
            problems.add("gateway.apps: no app is declared, so every request would be refused (403 undeclared_app);"
                    + " declare one, e.g. GATEWAY_APPS_WHOAMI_ENABLED=true or GATEWAY_APPS_<KEY>_CLIENT_ID=<client id>,"
                    + " or set gateway.allow-no-apps (GATEWAY_ALLOW_NO_APPS=true) to start without any");
        }
    }

    /** The variable names of the environment sources (the process environment, a .env file). */
    public static List<String> environmentNames(Config config) {
        List<String> names = new ArrayList<>();
        for (ConfigSource source : config.getConfigSources()) {
            if (source instanceof EnvConfigSource) {
                names.addAll(source.getPropertyNames());
            }
        }
        return names;
    }

    private static String howToWrite(String name) {
        String rest = name.substring(PREFIX.length());
        for (String setting : SETTINGS) {
            if (rest.endsWith("_" + setting) && rest.length() > setting.length() + 1) {
                String key = rest.substring(0, rest.length() - setting.length() - 1);
                String oneWord = key.replace("_", "");
                if (!oneWord.isEmpty() && !oneWord.equals(key)) {
                    return "the key " + key + " holds '_': write GATEWAY_APPS_<KEY>_<SETTING> with a one-word key, e.g. "
                            + PREFIX + oneWord + "_" + setting + ("SLUG".equals(setting) ? "=<slug>"
                            : ", plus " + PREFIX + oneWord + "_SLUG=<slug> when the Authentik slug has '-' or '_'");
                }
            }
        }
        return "write GATEWAY_APPS_<KEY>_<SETTING> with a one-word key and one of the settings "
                + String.join(", ", new TreeSet<>(SETTINGS));
    }

    /** GATEWAY_APPS_WIKI_HOSTS_0_ (an indexed list element) is the setting GATEWAY_APPS_WIKI_HOSTS. */
    private static String withoutIndex(String name) {
        if (!name.endsWith("_")) {
            return name;
        }
        int end = name.length() - 1;
        int start = end;
        while (start > 0 && Character.isDigit(name.charAt(start - 1))) {
            start--;
        }
        return start < end && start > 0 && name.charAt(start - 1) == '_' ? name.substring(0, start - 1) : name;
    }

    /**
     * GATEWAY_APPS_WIKI_RULES_0__PATHS (gateway.apps.wiki.rules[0].paths) is the rule setting
     * GATEWAY_APPS_WIKI_RULES__PATHS, which {@link #SETTINGS} lists for each rule setting.
     */
    private static String withoutRuleIndex(String name) {
        return name.replaceFirst("_RULES_[0-9]+__", "_RULES__");
    }

    /** SmallRye's env form of a property name: every character but a letter or digit becomes '_'. */
    static String envForm(String property) {
        StringBuilder out = new StringBuilder(property.length());
        for (char c : property.toCharArray()) {
            out.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return out.toString();
    }

    /** From AppConfig and RuleConfig themselves, so a setting added there is known here without a second list. */
    private static List<String> settings() {
        List<String> names = new ArrayList<>();
        for (String name : names(AppConfig.class)) {
            if (!name.equals("RULES")) {
                names.add(name);
            }
        }
        for (String rule : names(RuleConfig.class)) {
            names.add("RULES__" + rule);
        }
        names.sort(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()));
        return List.copyOf(names);
    }

    private static List<String> names(Class<?> mapping) {
        List<String> names = new ArrayList<>();
        for (Method method : mapping.getDeclaredMethods()) {
            if (method.getParameterCount() == 0 && !method.isDefault() && !Modifier.isStatic(method.getModifiers())) {
                names.add(envForm(method.getName().replaceAll("([a-z0-9])([A-Z])", "$1-$2")));
            }
        }
        return names;
    }
}
