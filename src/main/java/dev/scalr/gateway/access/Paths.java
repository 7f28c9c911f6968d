package dev.scalr.gateway.access;

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
        // one pass, nothing allocated: it runs on every request of an app with rules or public paths
        int length = path.length();
        if (length == 0 || path.charAt(0) != '/') {
            return false;
        }
        int segmentStart = 1;
        for (int i = 1; i <= length; i++) {
            char c = i < length ? path.charAt(i) : '/';
            if (c == '/') {
                int segment = i - segmentStart;
                if (i < length && segment == 0) {
                    return false; // "//"
                }
                if ((segment == 1 && path.charAt(segmentStart) == '.')
                        || (segment == 2 && path.charAt(segmentStart) == '.' && path.charAt(segmentStart + 1) == '.')) {
                    return false; // a dot segment
                }
                segmentStart = i + 1;
            } else if (c < 0x21 || c == 0x7f || c == '\\' || c == ';' || c == '#') {
                return false;
            } else if (c == '%' && (i + 2 >= length || hex(path.charAt(i + 1)) < 0 || hex(path.charAt(i + 2)) < 0
                    || encodesRefused(path.charAt(i + 1), path.charAt(i + 2)))) {
                // also a '%' that starts no escape: a lenient decoder (Python's unquote) keeps it, and a second
                // decoding reads it with what the first made of the rest ("%%32%65" is "%2e", then "."): %25 spelt
                // another way
                return false;
            }
        }
        return true;
    }

    /** %2e (.), %2f (/), %5c (\\), %00, %25 (%), %3b (;), %23 (#), any case. */
    private static boolean encodesRefused(char high, char low) {
        char l = Character.toLowerCase(low);
        return switch (high) {
            case '2' -> l == 'e' || l == 'f' || l == '5' || l == '3';
            case '5' -> l == 'c';
            case '0' -> l == '0';
            case '3' -> l == 'b';
            default -> false;
        };
    }

    /**
     * A plain path with percent-encoded unreserved characters (RFC 3986 2.3: letters, digits, '-', '.', '_', '~')
     * decoded, as every app server decodes them: "/%61dmin" is "/admin" to the app, so it is to the rules. Other
     * encodings stay as sent (a plain path holds no encoded separator or dot). The same instance when nothing is
     * encoded, so the common path allocates nothing.
     */
    public static String normalised(String path) {
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
