package dev.scalr.gateway.access;

import java.util.Locale;

/**
 * Public-path prefixes are only honoured for plain paths: a path with dot segments, backslashes or
 * encoded separators could be normalised by the app into something outside the prefix, so it must
 * authenticate like any other (fail closed). That includes what only a second layer would see: "%25"
 * (decoded twice, %252e%252e is ".."), a '%' that starts no escape, and path parameters, raw or encoded (";",
 * "%3b": Tomcat and Jetty read "..;" as ".."). Refusing them rather than decoding to a fixpoint keeps the rule
 * independent of how many times, and how, the layers behind decode (docs/architecture.md, "Ambiguous input").
 */
public final class Paths {

    private Paths() {
    }

    public static boolean isPlain(String path) {
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
            // a '%' that starts no escape: a lenient decoder (Python's unquote) keeps it, and a second decoding reads
            // it with what the first made of the rest ("%%32%65" is "%2e", then "."): %25 by another spelling
            if (path.charAt(i) == '%' && (i + 2 >= path.length() || hex(path.charAt(i + 1)) < 0
                    || hex(path.charAt(i + 2)) < 0)) {
                return false;
            }
        }
        return true;
    }

    /**
     * A plain path with percent-encoded unreserved characters (RFC 3986 2.3: letters, digits, '-', '.', '_', '~')
     * decoded, as every app server decodes them: "/%61dmin" is "/admin" to the app, so it is to the rules. Other
     * encodings stay as sent (a plain path holds no encoded separator or dot). The same instance when nothing is
     * encoded, so the common path allocates nothing.
     */
    static String normalised(String path) {
        int percent = path.indexOf('%');
        if (percent < 0) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length());
        out.append(path, 0, percent);
        for (int i = percent; i < path.length(); i++) {
            char c = path.charAt(i);
            int decoded = c == '%' && i + 2 < path.length() ? hex(path.charAt(i + 1)) * 16 + hex(path.charAt(i + 2)) : -1;
            if (decoded >= 0 && unreserved((char) decoded)) {
                out.append((char) decoded);
                i += 2;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static boolean unreserved(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                || c == '_' || c == '~';
    }

    /** The value of a hex digit; a large negative number otherwise, so a pair with one bad digit stays negative. */
    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10
                : -1000;
    }
}
