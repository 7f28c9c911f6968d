package dev.scalr.gateway.access;

import com.code_intelligence.jazzer.junit.DictionaryEntries;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.scalr.gateway.app.App;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A path the gateway lets through as public (under "/static/") must still be under "/static/" after the
 * normalisations an app or proxy behind it may apply: percent-decoding, backslash as slash, dot segments.
 */
class PathsFuzzTest {

    private static final App APP = new App("fuzz", "https://auth.example.test/application/o/fuzz/", "http://jwks.invalid/",
            Optional.empty(), Set.of(), List.of("/static/"), Set.of(), false, Optional.empty());

    /**
     * Raw bytes, so the stored inputs under PathsFuzzTestInputs/ are plain text files; the dictionary gives the
     * fuzzer the pieces of double encoding and path parameters it did not find on its own in 20 s.
     */
    @FuzzTest(maxDuration = "20s")
    @DictionaryEntries({"/static/", "%25", "%2e", "%2E", "%2f", "%2F", "%252e", "%252f", "%5c", "..", ";", "%3b",
            "%3B", "/"})
    void publicPathsStayPublicAfterAnyNormalisation(byte[] input) {
        String uri = new String(input, StandardCharsets.UTF_8);
        // the gateway decides on the path without its query, as ForwardedRequests cuts it
        String path = uri.indexOf('?') >= 0 ? uri.substring(0, uri.indexOf('?')) : uri;
        boolean publicPath = APP.access().match("GET", path, "203.0.113.7").policy() == AccessRule.Policy.PUBLIC;
        if (publicPath) {
            String normalised = normalise(path);
            assertTrue(normalised.startsWith("/static/"), path + " passed as public but normalises to " + normalised);
        }
    }

    /**
     * What a lenient app server might do to a path: cut at ';' or '#', decode (twice), '\\' as '/',
     * collapse '//', drop a segment's path parameters after decoding ("..;x" is ".." to Tomcat and Jetty),
     * resolve dot segments.
     */
    static String normalise(String path) {
        String decoded = decode(decode(path.split("[?;#]", 2)[0])).replace('\\', '/').split("#", 2)[0];
        Deque<String> segments = new ArrayDeque<>();
        for (String raw : decoded.split("/+")) {
            String segment = raw.indexOf(';') >= 0 ? raw.substring(0, raw.indexOf(';')) : raw;
            if (segment.equals("..")) {
                segments.pollLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                segments.addLast(segment);
            }
        }
        return "/" + String.join("/", segments) + (decoded.endsWith("/") && !segments.isEmpty() ? "/" : "");
    }

    /**
     * Percent-decoding as lenient servers do it (Python's unquote, which Werkzeug and Starlette use): a malformed
     * escape stays as it is and the rest of the path is still decoded; '+' stays '+'.
     */
    private static String decode(String text) {
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
        for (int i = 0; i < in.length; i++) {
            int high = i + 2 < in.length && in[i] == '%' ? Character.digit(in[i + 1], 16) : -1;
            int low = high >= 0 ? Character.digit(in[i + 2], 16) : -1;
            if (low >= 0) {
                out.write(high * 16 + low);
                i += 2;
            } else {
                out.write(in[i]);
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
