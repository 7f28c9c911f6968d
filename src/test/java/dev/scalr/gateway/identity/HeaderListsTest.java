package dev.scalr.gateway.identity;

import dev.scalr.gateway.support.TestApps;
import dev.scalr.gateway.dev.authentik.Tokens;
import dev.scalr.gateway.token.Identity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A list header carries exactly the values the IdP asserted or fewer, never more: a value holding the header's
 * separator (or a control character) would read as several values, so it is left out of that header.
 */
class HeaderListsTest {

    static Stream<Arguments> groups() {
        return Stream.of(
                Arguments.of("plain groups", List.of("admins", "staff"), "admins|staff", "admins,staff"),
                Arguments.of("pipe inside a group", List.of("x|admins", "staff"), "staff", "x|admins,staff"),
                Arguments.of("comma inside a group", List.of("x,admins", "staff"), "x,admins|staff", "staff"),
                Arguments.of("control character inside a group", List.of("ad\u0001mins", "staff"), "staff", "staff"),
                Arguments.of("only unsafe groups", List.of("a|b", "c\nd"), "", "a|b"),
                Arguments.of("non-ASCII group kept", List.of("\u00e9quipe"), "\u00c3\u00a9quipe", "\u00c3\u00a9quipe"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("groups")
    void groupHeadersNeverSplitOrMergeAGroup(String name, List<String> groups, String authentik, String oauth2Proxy) {
        Map<String, String> out = new HashMap<>();
        new IdentityHeaders(List.of("authentik", "oauth2-proxy"), false, "outpost", "1")
                .write(TestApps.apiApp("app"), new Identity("sub-1", "alice", "alice@example.test", "Alice", groups, Instant.now()), null,
                        (header, value) -> out.put(header.toString(), value.toString()));
        assertEquals(authentik, out.get("X-authentik-groups"));
        assertEquals(oauth2Proxy, out.get("X-Auth-Request-Groups"));
    }

    static Stream<Arguments> lists() {
        return Stream.of(
                Arguments.of(List.of("read", "write"), '|', "read|write"),
                Arguments.of(List.of("read|write", "audit"), '|', "audit"),
                Arguments.of(List.of("read,write", "audit"), ',', "audit"),
                Arguments.of(List.of("tab\there", "audit"), '|', "audit"),
                Arguments.of(List.of(), '|', ""));
    }

    /** The rule any list-valued identity header uses (groups today, entitlements next). */
    @ParameterizedTest(name = "{0} joined with {1} -> \"{2}\"")
    @MethodSource("lists")
    void joinLeavesOutWhatWouldSplit(List<String> values, char separator, String joined) {
        assertEquals(joined, HeaderLists.join(values, separator, "X-Test-List"));
    }
}
