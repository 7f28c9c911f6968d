package dev.scalr.gateway.access;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.Set;

/**
 * A path regular expression ("~^/api/v[0-9]+/admin(/.*)?$"), matched against the whole path with RE2J: RE2 has no
 * backtracking, so the time is linear in the path whatever the operator wrote, and "(a+)+"-style patterns cannot be
 * turned against the gateway by a long path. RE2 leaves out backreferences and lookaround; such a pattern is a
 * configuration error.
 */
final class PathRegex implements PathPattern {

    private static final Set<String> EVERYTHING = Set.of(".*", "^.*$", "^.*", ".*$", "/.*", "^/.*", "^/.*$");

    private final String source;
    private final Pattern pattern;

    private PathRegex(String source, Pattern pattern) {
        this.source = source;
        this.pattern = pattern;
    }

    static PathRegex compile(String regex) {
        if (regex.isEmpty()) {
            throw new IllegalArgumentException("'~' needs a regular expression after it");
        }
        try {
            return new PathRegex("~" + regex, Pattern.compile(regex));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'~" + regex + "' is not a regular expression RE2 accepts ("
                    + e.getDescription() + "; RE2 has no backreferences or lookaround)");
        }
    }

    @Override
    public boolean matches(String path) {
        return pattern.matches(path);
    }

    @Override
    public String literalPrefix() {
        return "";
    }

    @Override
    public boolean matchesEverything() {
        return EVERYTHING.contains(source.substring(1));
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return source;
    }
}
