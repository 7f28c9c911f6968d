package dev.scalr.gateway.signin;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any callback query: Query never throws, refuses exactly the queries over its limit, and whatever it decodes
 * agrees with the JDK's decoder (which it replaces because that one throws on every malformed pair).
 */
class QueryFuzzTest {

    private static final String[] NAMES = {"state", "code", "error"};

    @FuzzTest(maxDuration = "20s")
    void callbackQueryNeverThrowsAndAgreesWithTheJdk(byte[] input) {
        String raw = new String(input, StandardCharsets.UTF_8);
        String uri = "/.scalr-auth/callback?" + raw;
        Query query = Query.of(uri, NAMES);
        assertEquals(raw.length() > Query.MAX_QUERY_LENGTH, query.tooLong());
        for (String name : NAMES) {
            String value = query.get(name);
            if (query.tooLong()) {
                assertNull(value);
            } else if (value != null) {
                assertTrue(value.length() <= raw.length(), name);
            }
        }
        String decoded = Query.decode(raw);
        if (decoded != null) {
            assertEquals(URLDecoder.decode(raw, StandardCharsets.UTF_8), decoded, raw);
        }
    }
}
