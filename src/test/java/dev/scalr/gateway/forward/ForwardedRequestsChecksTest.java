package dev.scalr.gateway.forward;

import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-written host/port/method checks accept exactly what the regexes they replaced accepted. */
class ForwardedRequestsChecksTest {

    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final Pattern METHOD = Pattern.compile("[A-Z]{1,16}");
    private static final String ALPHABET = "az09AZ.-_:/ \u00e9\u0000";

    @Test
    void checksAgreeWithTheRegexesOnRandomInput() {
        Random random = new Random(42);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(20);
            for (int i = 0; i < length; i++) {
                text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            String value = text.toString();
            assertEquals(HOST.matcher(value).matches(), ForwardedRequests.isHost(value), () -> "host " + value);
            assertEquals(PORT.matcher(value).matches(), ForwardedRequests.isPort(value, 0), () -> "port " + value);
            assertEquals(METHOD.matcher(value).matches(), ForwardedRequests.isMethod(value), () -> "method " + value);
        }
    }

    @Test
    void typicalValues() {
        assertTrue(ForwardedRequests.isHost("grafana.example.com"));
        assertFalse(ForwardedRequests.isHost("-grafana.example.com"));
        assertTrue(ForwardedRequests.isPort("host:8443", 5));
        assertFalse(ForwardedRequests.isPort("123456", 0));
        assertTrue(ForwardedRequests.isMethod("PROPFIND"));
    }
}
