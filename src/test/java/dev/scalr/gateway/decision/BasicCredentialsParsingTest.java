package dev.scalr.gateway.decision;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Authorization: Basic as RFC 7617 writes it; anything unreadable is a malformed credential, never an exception. */
class BasicCredentialsParsingTest {

    static String b64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    static Stream<Arguments> headers() {
        return Stream.of(
                Arguments.of("user and password", "Basic " + b64("bot:pw"), "bot", "pw"),
                Arguments.of("scheme in any case", "bAsIc " + b64("bot:pw"), "bot", "pw"),
                Arguments.of("password holding colons", "Basic " + b64("bot:a:b:"), "bot", "a:b:"),
                Arguments.of("empty password", "Basic " + b64("bot:"), "bot", ""),
                Arguments.of("UTF-8 user", "Basic " + b64("\u00e9quipe:pw"), "\u00e9quipe", "pw"),
                Arguments.of("token user with a JWT", "Basic " + b64("goauthentik.io/token:a.b.c"), "goauthentik.io/token", "a.b.c"),
                Arguments.of("no colon", "Basic " + b64("bot"), null, null),
                Arguments.of("empty user", "Basic " + b64(":pw"), null, null),
                Arguments.of("control character in the user", "Basic " + b64("b\not:pw"), null, null),
                Arguments.of("not base64", "Basic !!!", null, null),
                Arguments.of("invalid UTF-8", "Basic " + Base64.getEncoder().encodeToString(new byte[] {(byte) 0xc3, ':', 'p'}), null, null),
                Arguments.of("scheme alone", "Basic", null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("headers")
    void readsUserAndPasswordOrCallsItMalformed(String name, String header, String user, String password) {
        Credentials.Basic basic = Credentials.basic(Optional.of(header)).orElseThrow();
        assertEquals(user, basic.username());
        assertEquals(password, basic.password());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("others")
    void otherSchemesAreNotBasic(String header) {
        assertEquals(Optional.empty(), Credentials.basic(Optional.of(header)));
    }

    static Stream<String> others() {
        return Stream.of("Bearer a.b.c", "Basicx " + b64("bot:pw"), "Digest username=\"bot\"");
    }
}
