package dev.scalr.gateway.decision;

import java.util.Locale;

/**
 * Public-path prefixes are only honoured for plain paths: a path with dot segments, backslashes or
 * encoded separators could be normalised by the app into something outside the prefix, so it must
 * authenticate like any other (fail closed). That includes what only a second layer would see: "%25"
 * (decoded twice, %252e%252e is "..") and path parameters, raw or encoded (";", "%3b": Tomcat and Jetty read
 * "..;" as ".."). Refusing them rather than decoding to a fixpoint keeps the rule independent of how many
 * times, and how, the layers behind decode (docs/architecture.md, "Ambiguous input").
 */
final class Paths {

    private Paths() {
    }

    static boolean isPlain(String path) {
        if (!path.startsWith("/") || path.contains("\\") || path.contains("//")) {
            return false;
        }
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || lower.contains("%00")
                || lower.contains("%25") || lower.contains(";") || lower.contains("%3b") || path.contains("#")
                || lower.contains("%23")) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        for (int i = 0; i < path.length(); i++) {
            if (path.charAt(i) < 0x21 || path.charAt(i) == 0x7f) {
                return false;
            }
        }
        return true;
    }
}
