package dev.scalr.gateway.identity;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.token.Identity;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Values kept with an identity (the cache-hit path) never stand in for another request's token or another writer's set. */
class KeptHeaderValuesTest {

    private static final App APP = new App("app", "https://auth.example.test/application/o/app/", "http://jwks.invalid/",
            Optional.empty(), Set.of(), List.of(), Set.of("app.example.test"), false, Optional.empty());

    @Test
    void theForwardedTokenIsAlwaysTheRequestsOwnEvenWhenTheIdentityIsKept() {
        IdentityHeaders headers = new IdentityHeaders(List.of("authentik"), true, "outpost", "1");
        Identity alice = new Identity("sub-1", "alice", "alice@example.test", "Alice", List.of("staff"), Instant.now());

        for (int i = 0; i < 3; i++) {
            assertEquals("token.a.sig", write(headers, alice, "token.a.sig").get("X-authentik-jwt"));
        }
        assertEquals("token.b.sig", write(headers, alice, "token.b.sig").get("X-authentik-jwt"));
        assertEquals("alice", write(headers, alice, "token.a.sig").get("X-authentik-username"));
    }

    @Test
    void anotherWriterBuildsItsOwnValues() {
        Identity bob = new Identity("sub-2", "bob", "bob@example.test", "Bob", List.of("a", "b"), Instant.now());
        IdentityHeaders authentik = new IdentityHeaders(List.of("authentik"), true, "outpost", "1");
        IdentityHeaders oauth2Proxy = new IdentityHeaders(List.of("oauth2-proxy"), false, "outpost", "1");

        write(authentik, bob, "t.t.t");
        write(authentik, bob, "t.t.t");
        assertEquals("a,b", write(oauth2Proxy, bob, "t.t.t").get("X-Auth-Request-Groups"));
        assertEquals("a|b", write(authentik, bob, "t.t.t").get("X-authentik-groups"));
    }

    private static Map<String, String> write(IdentityHeaders headers, Identity identity, String token) {
        Map<String, String> out = new LinkedHashMap<>();
        headers.write(APP, identity, token, (name, value) -> out.put(name.toString(), value.toString()));
        return out;
    }
}
