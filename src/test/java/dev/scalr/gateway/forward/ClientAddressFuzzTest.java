package dev.scalr.gateway.forward;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.MultiMap;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Whatever a client writes into X-Forwarded-For itself ends up left of what the proxies append (Traefik
 * appends its peer: pkg/middlewares/auth/forward.go, writeHeader): it never becomes the client address.
 * Seeds: the inputs that chose the client-written leftmost entry before the address was read from the right.
 */
class ClientAddressFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void prependedEntriesNeverChooseTheClient(byte[] input) {
        String written = new String(input, StandardCharsets.UTF_8);
        assertEquals("203.0.113.66", clientOf(written + ", 203.0.113.66"), "Traefik's own append, an untrusted peer");
        assertEquals("192.0.2.44", clientOf(written + ", 192.0.2.44, 10.0.0.2"),
                "what a load balancer (10.0.0.2, a trusted proxy) appended");
    }

    private static String clientOf(String forwardedFor) {
        return ForwardedRequests.from(MultiMap.caseInsensitiveMultiMap().add("X-Forwarded-For", forwardedFor)).clientAddress();
    }
}
