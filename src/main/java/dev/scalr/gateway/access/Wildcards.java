package dev.scalr.gateway.access;

/** One path segment against a pattern where {@code *} is any run of characters (the segment holds no '/'). */
final class Wildcards {

    private Wildcards() {
    }

    /**
     * Greedy, going back only to the last '*' seen: at most (segment length × pattern length) steps, nothing
     * allocated.
     */
    static boolean matches(String pattern, String text, int from, int to) {
        if (pattern.indexOf('*') < 0) {
            return to - from == pattern.length() && text.regionMatches(from, pattern, 0, pattern.length());
        }
        int p = 0;
        int i = from;
        int star = -1;
        int mark = from;
        while (i < to) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = i;
            } else if (p < pattern.length() && pattern.charAt(p) == text.charAt(i)) {
                p++;
                i++;
            } else if (star >= 0) {
                p = star + 1;
                i = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
