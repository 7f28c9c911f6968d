package dev.scalr.gateway.access;

import java.util.ArrayList;
import java.util.List;

/**
 * A path glob, matched segment by segment: {@code *} stays inside one segment, {@code **} (a whole segment) is any
 * number of segments, none included, so {@code /admin/**} covers {@code /admin}, {@code /admin/} and everything
 * below. Matching allocates nothing and takes time linear in the path for each part between two {@code **}: the
 * parts are fixed runs of segments, so the leftmost place where a middle part fits is always a right one, and no
 * choice is ever revisited (unlike a regular expression built from the glob, which backtracks).
 */
final class PathGlob implements PathPattern {

    private final String source;
    /** The runs of segment patterns between {@code **}: first anchored at the start, last at the end. */
    private final String[][] parts;
    private final String literalPrefix;

    private PathGlob(String source, String[][] parts, String literalPrefix) {
        this.source = source;
        this.parts = parts;
        this.literalPrefix = literalPrefix;
    }

    /** @throws IllegalArgumentException with a sentence fit for a configuration problem */
    static PathGlob compile(String glob) {
        if (!glob.startsWith("/")) {
            throw new IllegalArgumentException("'" + glob + "' must start with '/' (or '~' for a regular expression)");
        }
        List<String[]> parts = new ArrayList<>();
        List<String> run = new ArrayList<>();
        for (String segment : glob.substring(1).split("/", -1)) {
            if (segment.equals("**")) {
                parts.add(run.toArray(String[]::new));
                run = new ArrayList<>();
            } else if (segment.contains("**")) {
                throw new IllegalArgumentException("'" + glob + "': '**' must be a whole segment (/a/**/b); '*' stays"
                        + " inside one segment");
            } else {
                run.add(segment);
            }
        }
        parts.add(run.toArray(String[]::new));
        int wildcard = glob.indexOf('*');
        // "/admin/**" also covers "/admin": its prefix stops before the slash
        int prefixEnd = wildcard < 0 ? glob.length()
                : glob.startsWith("/**", wildcard - 1) ? wildcard - 1 : wildcard;
        return new PathGlob(glob, parts.toArray(String[][]::new), glob.substring(0, prefixEnd));
    }

    @Override
    public String source() {
        return source;
    }

    /** What every matching path starts with: a cheap first test before the segments are walked. */
    @Override
    public String literalPrefix() {
        return literalPrefix;
    }

    /** True for {@code /**}: every path. */
    @Override
    public boolean matchesEverything() {
        for (String[] part : parts) {
            if (part.length > 0) {
                return false;
            }
        }
        return parts.length > 1; // "/**", "/**/**", ...
    }

    @Override
    public boolean matches(String path) {
        if (!path.startsWith(literalPrefix) || path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        int end = path.length() + 1; // a segment position past the last segment
        int position = run(parts[0], path, 1);
        if (position < 0) {
            return false;
        }
        if (parts.length == 1) {
            return position == end;
        }
        // the last run sits on the path's last segments; the middle runs, leftmost, between
        String[] last = parts[parts.length - 1];
        int lastStart = startOfLast(path, last.length);
        if (lastStart < position || run(last, path, lastStart) != end) {
            return false;
        }
        for (int p = 1; p < parts.length - 1; p++) {
            position = leftmost(parts[p], path, position, lastStart);
            if (position < 0) {
                return false;
            }
        }
        return true;
    }

    /** Leftmost segment position at or after from where the run fits and ends at or before limit; its end, or -1. */
    private static int leftmost(String[] segments, String path, int from, int limit) {
        for (int start = from; start <= limit; start = path.indexOf('/', start) + 1) {
            int after = run(segments, path, start);
            if (after >= 0 && after <= limit) {
                return after;
            }
            if (start > path.length() || path.indexOf('/', start) < 0) {
                return -1;
            }
        }
        return -1;
    }

    /**
     * Matches the run at the segment starting at start; the position after its last segment (length + 1 when it
     * took the last segment), or -1.
     */
    private static int run(String[] segments, String path, int start) {
        int position = start;
        for (String segment : segments) {
            if (position > path.length()) {
                return -1; // no segment left
            }
            int slash = path.indexOf('/', position);
            int segmentEnd = slash < 0 ? path.length() : slash;
            if (!Wildcards.matches(segment, path, position, segmentEnd)) {
                return -1;
            }
            position = segmentEnd + 1;
        }
        return position;
    }

    /** The position of the path's n-th segment from the end (n = 0: past the end). */
    private static int startOfLast(String path, int n) {
        int position = path.length() + 1;
        for (int i = 0; i < n; i++) {
            int slash = path.lastIndexOf('/', position - 2);
            if (slash < 0) {
                return -1;
            }
            position = slash + 1;
        }
        return position;
    }

    @Override
    public String toString() {
        return source;
    }
}
