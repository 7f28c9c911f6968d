package dev.scalr.gateway.forward;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerRequest;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Any X-Forwarded-* values (what a client can put there when a proxy passes them on) become a well-formed
 * ForwardedRequest: no exception, a plain method, a host that is a bare DNS-ish name or nothing, a path that
 * is the uri without its query.
 */
class ForwardedRequestsFuzzTest {

    private static final Pattern HOST = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?");

    @FuzzTest(maxDuration = "20s")
    void anyForwardedHeadersGiveAWellFormedRequest(FuzzedDataProvider data) {
        Map<String, String> headers = new HashMap<>();
        for (String name : new String[] {"x-forwarded-method", "x-forwarded-proto", "x-forwarded-host",
                "x-forwarded-port", "x-forwarded-uri", "x-forwarded-for", "accept", "authorization"}) {
            if (data.consumeBoolean()) {
                headers.put(name, data.consumeString(300));
            }
        }
        MultiMap all = MultiMap.caseInsensitiveMultiMap().addAll(headers);
        if (data.consumeBoolean()) { // a proxy that passes a client's own copy of a header on as a second line
            all.add(data.pickValue(new String[] {"x-forwarded-host", "x-forwarded-uri", "x-forwarded-proto",
                    "x-forwarded-method", "x-forwarded-port", "authorization", "cookie"}), data.consumeString(100));
        }
        ForwardedRequest request = ForwardedRequests.from(request(all));

        assertTrue(request.method().matches("[A-Z]{1,16}"), request.method());
        assertTrue(request.proto().equals("http") || request.proto().equals("https"));
        assertTrue(request.host() == null || HOST.matcher(request.host()).matches(), request.host());
        assertTrue(request.port() == null || request.port().matches("[0-9]{1,5}"), request.port());
        assertNotNull(request.uri());
        assertFalse(request.uri().isEmpty());
        assertTrue(request.uri().startsWith(request.path()), request.uri());
        assertFalse(request.path().contains("?"), request.path());
        if (request.ambiguousForwarding() != null && request.ambiguousForwarding().startsWith("X-Forwarded-Host")) {
            assertNull(request.host(), "an ambiguous request names no app by host");
        }
        assertEquals(all.getAll("authorization").size() > 1, request.repeatedAuthorization());
    }

    /** A Vert.x request that only answers getHeader and headers, which is all ForwardedRequests may read. */
    static HttpServerRequest request(MultiMap headers) {
        return (HttpServerRequest) Proxy.newProxyInstance(HttpServerRequest.class.getClassLoader(),
                new Class<?>[] {HttpServerRequest.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getHeader")) {
                        return headers.get(args[0].toString());
                    }
                    if (method.getName().equals("headers")) {
                        return headers;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
