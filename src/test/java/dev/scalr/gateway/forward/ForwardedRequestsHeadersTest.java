package dev.scalr.gateway.forward;

import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.util.AsciiString;
import io.vertx.core.MultiMap;
import io.vertx.core.http.impl.headers.Http2HeadersAdaptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Locale;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * How the request headers are read: names in any case (HTTP/2 sends them lower-case), the first of repeated
 * headers, which ambiguity is reported when several are, cookie lines joined, a WebSocket handshake recognised.
 */
class ForwardedRequestsHeadersTest {

    private static MultiMap headers(String... pairs) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < pairs.length; i += 2) {
            headers.add(pairs[i], pairs[i + 1]);
        }
        return headers;
    }

    @Test
    void namesAreReadInAnyCase() {
        ForwardedRequest request = ForwardedRequests.from(headers("x-forwarded-method", "post", "X-FORWARDED-PROTO", "HTTPS",
                "x-forwarded-host", "Grafana.Example.Test:8443", "x-forwarded-uri", "/a?b=1", "x-forwarded-for",
                "203.0.113.9, 10.0.0.2", "accept", "text/html", "x-requested-with", "xmlhttprequest", "authorization",
                "Bearer x", "cookie", "a=1", "sec-fetch-site", "same-origin", "origin", "https://grafana.example.test",
                "sec-fetch-mode", "cors", "sec-fetch-dest", "empty", "referer", "https://grafana.example.test/x"));
        assertEquals("POST", request.method());
        assertEquals("https", request.proto());
        assertEquals("grafana.example.test", request.host());
        assertEquals("8443", request.port());
        assertEquals("/a?b=1", request.uri());
        assertEquals("/a", request.path());
        assertEquals("203.0.113.9", request.clientAddress());
        assertEquals(Optional.of("Bearer x"), request.authorization());
        assertEquals(Optional.of("a=1"), request.cookieHeader());
        assertEquals(Optional.of("1"), request.cookie("a"));
        assertNull(request.ambiguousForwarding());
        assertFalse(request.repeatedAuthorization());
        assertEquals(new BrowserHints("text/html", true, "same-origin", "https://grafana.example.test", "cors", "empty",
                false, "https://grafana.example.test/x"), request.browser());
    }

    @Test
    void aRequestWithoutHeadersIsAPlainGetOfTheRoot() {
        ForwardedRequest request = ForwardedRequests.from(headers());
        assertEquals("GET", request.method());
        assertEquals("http", request.proto());
        assertNull(request.host());
        assertNull(request.port());
        assertEquals("/", request.uri());
        assertEquals("", request.clientAddress());
        assertEquals(Optional.empty(), request.authorization());
        assertEquals(Optional.empty(), request.cookieHeader());
        assertEquals(new BrowserHints("", false, null, null, null, null, false, null), request.browser());
        assertNull(request.ambiguousForwarding());
    }

    /** "Name=value; Name=value" in order (values may hold commas). */
    private static MultiMap listed(String pairs) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        for (String pair : pairs.split(";")) {
            int equals = pair.indexOf('=');
            headers.add(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
        }
        return headers;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            host twice                | X-Forwarded-Host=a.test; X-Forwarded-Host=b.test                            | X-Forwarded-Host sent 2 times
            host list                 | X-Forwarded-Host=a.test, b.test                                             | X-Forwarded-Host holds a list
            host before uri           | X-Forwarded-Uri=/a; X-Forwarded-Uri=/b; X-Forwarded-Host=a.test,b.test      | X-Forwarded-Host holds a list
            uri before proto          | X-Forwarded-Proto=https, http; X-Forwarded-Uri=/a; x-forwarded-uri=/b       | X-Forwarded-Uri sent 2 times
            uri thrice                | X-Forwarded-Uri=/a; X-Forwarded-Uri=/b; X-Forwarded-Uri=/c                  | X-Forwarded-Uri sent 3 times
            proto before method       | X-Forwarded-Method=GET, POST; X-Forwarded-Proto=https, http                 | X-Forwarded-Proto holds a list
            method before port        | X-Forwarded-Port=1, 2; X-Forwarded-Method=GET; X-Forwarded-Method=PUT       | X-Forwarded-Method sent 2 times
            port list                 | X-Forwarded-Port=443,8443                                                   | X-Forwarded-Port holds a list
            lower-case names (HTTP/2) | x-forwarded-port=1; x-forwarded-port=2                                      | X-Forwarded-Port sent 2 times
            """)
    void theFirstAmbiguousForwardingHeaderInOrderHostUriProtoMethodPortIsReported(String name, String pairs, String expected) {
        assertEquals(expected, ForwardedRequests.from(listed(pairs)).ambiguousForwarding());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            a comma in the uri | X-Forwarded-Uri=/a,b
            a list of clients  | X-Forwarded-For=203.0.113.9, 10.0.0.2
            one of each        | X-Forwarded-Host=a.test; X-Forwarded-Uri=/; X-Forwarded-Proto=https; X-Forwarded-Method=GET; X-Forwarded-Port=443
            """)
    void listsWhereTheyAreNormalAreNotAmbiguous(String name, String pairs) {
        assertNull(ForwardedRequests.from(listed(pairs)).ambiguousForwarding());
    }

    @Test
    void anAmbiguousHostNamesNoApp() {
        ForwardedRequest request = ForwardedRequests.from(headers("X-Forwarded-Host", "a.test", "X-Forwarded-Host", "b.test"));
        assertNull(request.host());
    }

    @Test
    void repeatedHeadersAreReadByTheirFirstValueExceptTheForwardedForList() {
        ForwardedRequest request = ForwardedRequests.from(headers("Accept", "text/html", "accept", "application/json",
                "Authorization", "Bearer first", "authorization", "Bearer second", "X-Forwarded-For", "203.0.113.1",
                "X-Forwarded-For", "203.0.113.2", "Sec-Fetch-Site", "none", "Sec-Fetch-Site", "cross-site"));
        assertEquals("text/html", request.browser().accept());
        assertEquals(Optional.of("Bearer first"), request.authorization());
        assertTrue(request.repeatedAuthorization());
        assertEquals("203.0.113.2", request.clientAddress(), "X-Forwarded-For lines are one list, read from the right");
        assertEquals("none", request.browser().fetchSite());
    }

    @Test
    void cookieLinesAreOneList() {
        // HTTP/2 clients may send one cookie per line (RFC 9113 8.2.3)
        ForwardedRequest request = ForwardedRequests.from(headers("cookie", "a=1", "Cookie", "b=2", "COOKIE", "a=3"));
        assertEquals(Optional.of("a=1; b=2; a=3"), request.cookieHeader());
        assertEquals(Optional.of("2"), request.cookie("b"));
        assertEquals(Optional.empty(), request.cookie("a"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Upgrade           | WebSocket     | true
            Upgrade           | h2c           | false
            Sec-WebSocket-Key | dGhlIHNhbXBs  | true
            sec-websocket-key | ''            | true
            Sec-WebSocket-Version | 13        | false
            """)
    void aWebSocketHandshakeIsRecognised(String name, String value, boolean websocket) {
        assertEquals(websocket, ForwardedRequests.from(headers(name, value)).browser().websocket());
    }

    /** Every component but the cookie jar (which has no equality of its own; its header is compared). */
    private static String described(ForwardedRequest request) {
        return request.toString().replaceAll("cookies=.*$", "");
    }

    private static final String[] BROWSER_REQUEST = {"x-forwarded-method", "post", "x-forwarded-proto", "https",
        "x-forwarded-host", "grafana.example.test", "x-forwarded-uri", "/a?b=1", "x-forwarded-uri", "/c",
        "accept", "text/html", "authorization", "Bearer x", "cookie", "a=1", "cookie", "b=2", "sec-fetch-mode",
        "navigate", "sec-websocket-key", "k", "referer", "https://grafana.example.test/"};

    @Test
    void anHttp2HeaderMapIsReadLikeAnHttp1One() {
        DefaultHttp2Headers http2 = new DefaultHttp2Headers();
        for (int i = 0; i < BROWSER_REQUEST.length; i += 2) {
            http2.add(BROWSER_REQUEST[i], BROWSER_REQUEST[i + 1]);
        }
        ForwardedRequest request = ForwardedRequests.from(new Http2HeadersAdaptor(http2));
        assertEquals(described(ForwardedRequests.from(headers(BROWSER_REQUEST))), described(request));
        assertEquals("X-Forwarded-Uri sent 2 times", request.ambiguousForwarding());
        assertEquals(Optional.of("a=1; b=2"), request.cookieHeader());
    }

    @Test
    void namesAsNettysDecoderMakesThemAreReadLikeStrings() {
        MultiMap decoded = MultiMap.caseInsensitiveMultiMap();
        for (int i = 0; i < BROWSER_REQUEST.length; i += 2) {
            decoded.add(new AsciiString(BROWSER_REQUEST[i].toUpperCase(Locale.ROOT)), BROWSER_REQUEST[i + 1]);
        }
        assertEquals(described(ForwardedRequests.from(headers(BROWSER_REQUEST))), described(ForwardedRequests.from(decoded)));
    }
}
