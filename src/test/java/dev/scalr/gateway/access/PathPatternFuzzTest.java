package dev.scalr.gateway.access;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link PathGlob} walks segments greedily, leftmost first, without going back (so it cannot be made slow); this
 * checks that the shortcut gives the glob's meaning, against the meaning written out as plainly as possible: a table
 * over (pattern segment, path segment) where '**' takes any number of whole segments and '*' any run of characters
 * inside one.
 */
class PathPatternFuzzTest {

    /** Longer inputs add nothing the short ones do not cover, and the reference takes glob × path steps. */
    private static final int MAX_LENGTH = 200;

    /**
     * The input is "glob\npath" as text, so a stored input under PathPatternFuzzTestInputs/ reads as the case it is.
     * A glob the compiler refuses must be one the reference also calls malformed. (No "\n" in the dictionary: Jazzer
     * writes whitespace into the dictionary file unescaped, and libFuzzer then refuses the file; the stored inputs
     * carry the newline.)
     */
    @FuzzTest(maxDuration = "20s")
    @DictionaryEntries({"/**", "/*", "*", "**/", "/a", "/b", "/ab", "a*", "*b", "//", "/"})
    void globMatchesWhatItsSegmentsSay(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        int newline = text.indexOf('\n');
        if (newline < 0 || text.length() > MAX_LENGTH) {
            return;
        }
        String glob = text.substring(0, newline);
        String path = text.substring(newline + 1);
        PathPattern compiled;
        try {
            compiled = PathPattern.compile(glob);
        } catch (IllegalArgumentException e) {
            assertEquals(false, wellFormed(glob), glob + " refused: " + e.getMessage());
            return;
        }
        if (!(compiled instanceof PathGlob)) {
            return; // a '~' regular expression: RE2J's to answer for
        }
        assertEquals(true, wellFormed(glob.strip()), glob + " compiled");
        assertEquals(matches(glob.strip(), path), compiled.matches(path), glob + " against " + path);
    }

    /** Starts with '/', and '**' only ever as a whole segment. */
    static boolean wellFormed(String glob) {
        if (!glob.startsWith("/")) {
            return false;
        }
        for (String segment : glob.substring(1).split("/", -1)) {
            if (segment.contains("**") && !segment.equals("**")) {
                return false;
            }
        }
        return true;
    }

    /** The glob's meaning: segment lists matched by a table, [i][j] = glob from segment i matches path from j. */
    static boolean matches(String glob, String path) {
        if (!path.startsWith("/")) {
            return false;
        }
        String[] pattern = glob.substring(1).split("/", -1);
        String[] segments = path.substring(1).split("/", -1);
        boolean[][] rest = new boolean[pattern.length + 1][segments.length + 1];
        rest[pattern.length][segments.length] = true;
        for (int i = pattern.length - 1; i >= 0; i--) {
            for (int j = segments.length; j >= 0; j--) {
                if (pattern[i].equals("**")) {
                    // none of the remaining segments, or this one and still '**'
                    rest[i][j] = rest[i + 1][j] || (j < segments.length && rest[i][j + 1]);
                } else {
                    rest[i][j] = j < segments.length && segmentMatches(pattern[i], segments[j]) && rest[i + 1][j + 1];
                }
            }
        }
        return rest[0][0];
    }

    /** '*' is any run of characters, everything else itself: the same kind of table over characters. */
    static boolean segmentMatches(String pattern, String segment) {
        boolean[][] rest = new boolean[pattern.length() + 1][segment.length() + 1];
        rest[pattern.length()][segment.length()] = true;
        for (int i = pattern.length() - 1; i >= 0; i--) {
            for (int j = segment.length(); j >= 0; j--) {
                rest[i][j] = pattern.charAt(i) == '*'
                        ? rest[i + 1][j] || (j < segment.length() && rest[i][j + 1])
                        : j < segment.length() && pattern.charAt(i) == segment.charAt(j) && rest[i + 1][j + 1];
            }
        }
        return rest[0][0];
    }
}
