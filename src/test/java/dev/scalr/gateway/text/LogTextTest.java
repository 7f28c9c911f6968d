package dev.scalr.gateway.text;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class LogTextTest {

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("a newline cannot start a forged log line", "kid\nuser=admin outcome=allowed", "kid?user=admin outcome=allowed"),
                Arguments.of("a quote cannot end the quoted field", "x\" outcome=\"allowed", "x? outcome=?allowed"),
                Arguments.of("a backslash cannot escape what follows", "a\\b", "a?b"),
                Arguments.of("plain text and non-ASCII stay as they are", "Gr\u00fc\u00dfe, rs256-key", "Gr\u00fc\u00dfe, rs256-key"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void replacesWhatCouldForgeOrBreakALine(String behaviour, String value, String printed) {
        assertEquals(printed, LogText.printable(value, 64));
    }

    @Test
    void cutsLongValuesAndSaysSo() {
        assertEquals("aaaa...", LogText.printable("a".repeat(100_000), 4));
        assertEquals("aaaa", LogText.printable("aaaa", 4));
    }

    @Test
    void nullIsNone() {
        assertEquals("none", LogText.printable(null, 64));
    }
}
