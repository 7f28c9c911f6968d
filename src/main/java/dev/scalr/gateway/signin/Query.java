package dev.scalr.gateway.signin;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The few query parameters the callback needs (first value wins). The query is attacker-controlled and read
 * on the event loop, so it is bounded ({@link #MAX_QUERY_LENGTH}), only the asked-for names are decoded, and
 * a malformed escape makes its value absent without an exception (one exception per pair cost ~20 ms of CPU
 * for 100 KB of garbage).
 */
final class Query {

    /** Authentik's answer (code, state, iss, or an error with its description) is far below this. */
    static final int MAX_QUERY_LENGTH = 4096;

    private final Map<String, String> values;
    private final boolean tooLong;

    private Query(Map<String, String> values, boolean tooLong) {
        this.values = values;
        this.tooLong = tooLong;
    }

    static Query of(String uri, String... names) {
        int start = uri.indexOf('?');
        if (start < 0) {
            return new Query(Map.of(), false);
        }
        if (uri.length() - start - 1 > MAX_QUERY_LENGTH) {
            return new Query(Map.of(), true);
        }
        Set<String> wanted = Set.of(names);
        Map<String, String> values = new HashMap<>();
        int pair = start + 1;
        while (pair <= uri.length() && values.size() < wanted.size()) {
            int end = uri.indexOf('&', pair);
            if (end < 0) {
                end = uri.length();
            }
            int eq = uri.indexOf('=', pair);
            boolean hasValue = eq >= 0 && eq < end;
            String rawName = uri.substring(pair, hasValue ? eq : end);
            String name = rawName.indexOf('%') < 0 && rawName.indexOf('+') < 0 ? rawName : decode(rawName);
            if (name != null && wanted.contains(name) && !values.containsKey(name)) {
                String value = hasValue ? decode(uri.substring(eq + 1, end)) : "";
                if (value != null) {
                    values.put(name, value);
                }
            }
            pair = end + 1;
        }
        return new Query(values, false);
    }

    /** The query was over {@link #MAX_QUERY_LENGTH} and was not read at all. */
    boolean tooLong() {
        return tooLong;
    }

    String get(String name) {
        return values.get(name);
    }

    /** application/x-www-form-urlencoded decoding of UTF-8; null for a malformed escape or invalid UTF-8. */
    static String decode(String text) {
        if (text.indexOf('%') < 0) {
            return text.replace('+', ' ');
        }
        ByteBuffer bytes = ByteBuffer.allocate(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%') {
                int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
                int low = high >= 0 ? Character.digit(text.charAt(i + 2), 16) : -1;
                if (low < 0) {
                    return null;
                }
                bytes.put((byte) (high << 4 | low));
                i += 2;
            } else if (c == '+') {
                bytes.put((byte) ' ');
            } else if (c < 0x80) {
                bytes.put((byte) c);
            } else {
                return null; // a raw non-ASCII character is no valid query text
            }
        }
        bytes.flip();
        // decode(in, out, true) reports invalid UTF-8 as a result, where decode(in) would throw
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer chars = CharBuffer.allocate(bytes.remaining());
        if (decoder.decode(bytes, chars, true).isError() || decoder.flush(chars).isError()) {
            return null;
        }
        return chars.flip().toString();
    }
}
