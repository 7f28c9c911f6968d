package dev.scalr.gateway.decision;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The packaged gateway checks its per-answer header values itself (Vert.x's check is off there, see GatewayMain). */
class HeaderValuesTest {

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.test/\r\nSet-Cookie: x=1", "a\nb", "a\rb", "nul\u0000", "del\u007f",
        "wide\u0100"})
    void aValueThatWouldSplitOrCorruptTheHeaderIsRefused(String value) {
        assertThrows(IllegalArgumentException.class, () -> HeaderValues.checked(value));
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://auth.example.test/application/o/authorize/?state=a%0D%0A", "Bearer realm=\"x\"",
        "__Host-s=v; Path=/; Secure; HttpOnly", "tab\tinside", "caf\u00e9"})
    void ordinaryValuesPassUnchanged(String value) {
        assertEquals(value, HeaderValues.checked(value));
    }
}
