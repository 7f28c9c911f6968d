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
    private final String literalPrefix;

    private PathRegex(String source, Pattern pattern, String literalPrefix) {
        this.source = source;
        this.pattern = pattern;
        this.literalPrefix = literalPrefix;
    }

    static PathRegex compile(String regex) {
        if (regex.isEmpty()) {
            throw new IllegalArgumentException("'~' needs a regular expression after it");
        }
        try {
            return new PathRegex("~" + regex, Pattern.compile(regex), literalPrefix(regex));
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("'~" + regex + "' is not a regular expression RE2 accepts ("
                    + e.getDescription() + "; RE2 has no backreferences or lookaround)");
        }
    }

    @Override
    public boolean matches(String path) {
        // RE2J allocates a little per match: a path that cannot start the way the expression does is turned away first
        return path.startsWith(literalPrefix) && pattern.matches(path);
    }

    @Override
    public String literalPrefix() {
        return literalPrefix;
    }

    /**
     * The characters every match starts with: those after a leading '^' up to the first one that is not a plain
     * literal (conservative: a character followed by a quantifier is left out, "" when unsure). Whole-path matching
     * makes a leading '^' redundant, so "/api/v[0-9]+" and "^/api/v[0-9]+" both start with "/api/v".
     */
    static String literalPrefix(String regex) {
        int start = regex.startsWith("^") ? 1 : 0;
        int end = start;
        while (end < regex.length() && (Character.isLetterOrDigit(regex.charAt(end)) || "/-_~".indexOf(regex.charAt(end)) >= 0)) {
            end++;
        }
        if (end < regex.length() && "*?{".indexOf(regex.charAt(end)) >= 0 && end > start) {
            end--; // "ab*": the b is optional
        }
        if (regex.indexOf('|') >= 0) {
            return ""; // an alternation may leave the prefix at any level
        }
        return regex.substring(start, end);
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
