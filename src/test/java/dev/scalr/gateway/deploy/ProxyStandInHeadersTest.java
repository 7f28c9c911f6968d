package dev.scalr.gateway.deploy;

import dev.scalr.gateway.identity.IdentityHeaders;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The container e2e's Caddy stands in for Traefik: its copy_headers must name every header the gateway sends, or a
 * client's own copy of a missing one (X-authentik-entitlements, -meta-*) reaches the app; and only those, as Caddy 2.6
 * copies a header the gateway did not send as a literal placeholder.
 */
class ProxyStandInHeadersTest {

    @Test
    void containerE2eCaddyCopiesEveryGatewayHeader() throws Exception {
        String caddyfile = Files.readString(Descriptors.ROOT.resolve(Path.of(".ci", "container-e2e", "Caddyfile")));
        List<String> copied = caddyfile.lines().map(String::trim).filter(l -> l.startsWith("copy_headers "))
                .flatMap(l -> Arrays.stream(l.substring("copy_headers ".length()).trim().split("\\s+"))).toList();
        assertEquals(IdentityHeaders.OUTPOST_NAMES, copied);
    }
}
