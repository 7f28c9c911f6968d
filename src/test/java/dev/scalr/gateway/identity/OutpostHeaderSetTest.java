package dev.scalr.gateway.identity;

import dev.scalr.gateway.support.TestApps;
import dev.scalr.gateway.dev.authentik.Tokens;
import dev.scalr.gateway.token.Identity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which headers each configuration sends: X-authentik-jwt is always sent with the authentik set, empty when off. */
class OutpostHeaderSetTest {

    static final Identity ALICE = new Identity("sub-1", "alice", "a@example.test", "Alice", List.of("staff"),
            Instant.now().plusSeconds(60), List.of("read"));

    static Stream<Arguments> settings() {
        return Stream.of(
                Arguments.of(List.of("authentik"), true, 12, "raw.token.x"),
                Arguments.of(List.of("authentik"), false, 12, ""),
                Arguments.of(List.of("oauth2-proxy"), false, 4, null),
                Arguments.of(List.of("oauth2-proxy"), true, 5, "raw.token.x"),
                Arguments.of(List.of("authentik", "oauth2-proxy"), true, 16, "raw.token.x"));
    }

    @ParameterizedTest(name = "sets {0}, forward-token {1}: {2} headers, X-authentik-jwt \"{3}\"")
    @MethodSource("settings")
    void sendsEveryHeaderOfTheChosenSetsAndTheTokenOnlyWhenForwarding(List<String> sets, boolean forward, int count,
            String jwt) {
        Map<String, String> out = new LinkedHashMap<>();
        new IdentityHeaders(sets, forward, "outpost", "1.2.3")
                .write(TestApps.apiApp("app"), ALICE, "raw.token.x", (name, value) -> out.put(name.toString(), value.toString()));
        assertEquals(count, out.size(), out.toString());
        assertEquals(jwt, out.get("X-authentik-jwt"));
        if (sets.contains("authentik")) {
            assertEquals("read", out.get("X-authentik-entitlements"));
            assertEquals("scalr-auth-gateway/1.2.3", out.get("X-authentik-meta-version"));
            assertEquals(Tokens.PUBLIC_AUTHENTIK + "/application/o/app/jwks/", out.get("X-authentik-meta-jwks"));
        }
    }
}
