package dev.scalr.gateway.forward;

import dev.scalr.gateway.signin.SignInFlowTest;
import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.dev.authentik.FakeSignIn;
import dev.scalr.gateway.support.Gateway;
import dev.scalr.gateway.support.LogCapture;
import dev.scalr.gateway.web.AuthListener;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The requests Traefik itself sends to a forwardAuth address, written from its source (github.com/traefik/traefik
 * at fd5a576d, v3.7.9+; docs/operations.md "Sources read"): pkg/middlewares/forwardedheaders/forwarded_header.go
 * (the entry point's rewrite, "fh:" below) and pkg/middlewares/auth/forward.go (writeHeader with trustForwardHeader
 * set, oldWriteHeader without it, "fa:" below). Each row, through the real forwardAuth listener: with the session
 * cookie the browser holds for the scheme it used, the user is signed in (the cookie the gateway reads); without
 * it, the sign-in redirect or sign_in_url names that scheme; the decision log names the client address the gateway
 * derived. Browser addresses are public (TEST-NET) ones; 10.0.0.2 is a load balancer in a private range.
 */
@QuarkusTest
@WithTestResource(FakeAuthentikResource.class)
class TraefikRequestShapesTest {

    static final String HOST = "grafana.example.test";
    static final String PAGE = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    private static String httpsSession;
    private static String httpSession;

    @Inject
    AuthListener listener;

    /**
     * @param scheme  the scheme the browser used: its cookie and the one the gateway must read and redirect to
     * @param client  the address the gateway must derive (limiter key, log)
     * @param navigation a page load (302 to sign-in) rather than fetch/WebSocket (401 with sign_in_url)
     * @param headers what Traefik sends to the gateway, besides Cookie
     */
    record Shape(String name, String scheme, String client, boolean navigation, String... headers) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Shape> shapes() {
        return Stream.of(
                // fa:479-500 oldWriteHeader: X-Forwarded-For = the peer only (488), proto from TLS (491-495), method,
                // host and uri set (497-499); everything else copied (480), X-Real-Ip (fh:148-149), X-Forwarded-Port
                // (fh:173-175) and X-Forwarded-Server (fh:193-194) from the entry point among it
                new Shape("HTTP/1.1 navigation over TLS, trustForwardHeader unset", "https", "203.0.113.10", true,
                        "X-Forwarded-For", "203.0.113.10", "X-Forwarded-Proto", "https", "X-Forwarded-Method", "GET",
                        "X-Forwarded-Host", HOST, "X-Real-Ip", "203.0.113.10", "X-Forwarded-Port", "443",
                        "X-Forwarded-Server", "traefik-1", "Accept", PAGE, "Sec-Fetch-Mode", "navigate",
                        "Sec-Fetch-Dest", "document", "Sec-Fetch-Site", "none", "User-Agent", "Mozilla/5.0"),
                // fh:153-171 proto from TLS, fh:173-175 port, fh:183-185 host, fh:148-149 X-Real-Ip; fa:434-436 keeps
                // them with trustForwardHeader: true; fa:446-451 appends the peer to X-Forwarded-For
                new Shape("fetch() from the page over TLS, trustForwardHeader true", "https", "203.0.113.11", false,
                        "X-Forwarded-For", "203.0.113.11", "X-Forwarded-Proto", "https", "X-Forwarded-Method", "GET",
                        "X-Forwarded-Host", HOST, "X-Forwarded-Port", "443", "X-Real-Ip", "203.0.113.11",
                        "Accept", "*/*", "Sec-Fetch-Mode", "cors", "Sec-Fetch-Dest", "empty", "Sec-Fetch-Site",
                        "same-origin", "Referer", "https://" + HOST + "/d/home"),
                // HTTP/2 between browser and Traefik only: fa:108-113 calls the gateway with Go's http.Client over
                // HTTP/1.1; fa:429 copies the client's headers (Go hands the handler canonical names and the cookie
                // crumbs of RFC 9113 8.2.3 as one Cookie line)
                new Shape("HTTP/2 navigation over TLS, trustForwardHeader true", "https", "203.0.113.12", true,
                        "X-Forwarded-For", "203.0.113.12", "X-Forwarded-Proto", "https", "X-Forwarded-Method", "GET",
                        "X-Forwarded-Host", HOST, "X-Forwarded-Port", "443", "X-Real-Ip", "203.0.113.12",
                        "Accept", PAGE, "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Dest", "document"),
                // fh:158-160 X-Forwarded-Proto: wss on a WebSocket handshake over TLS, fh:289-290 port 443;
                // fa:431-432 drop Connection and Upgrade (fa:38-45), Sec-WebSocket-* stay
                new Shape("WebSocket over TLS, trustForwardHeader true", "https", "203.0.113.13", false,
                        "X-Forwarded-For", "203.0.113.13", "X-Forwarded-Proto", "wss", "X-Forwarded-Method", "GET",
                        "X-Forwarded-Host", HOST, "X-Forwarded-Port", "443", "X-Real-Ip", "203.0.113.13",
                        "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version", "13",
                        "Origin", "https://" + HOST),
                // fh:161-162 ws without TLS, fh:297 port 80
                new Shape("WebSocket without TLS, trustForwardHeader true", "http", "203.0.113.14", false,
                        "X-Forwarded-For", "203.0.113.14", "X-Forwarded-Proto", "ws", "X-Forwarded-Method", "GET",
                        "X-Forwarded-Host", HOST, "X-Forwarded-Port", "80", "X-Real-Ip", "203.0.113.14",
                        "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version", "13",
                        "Origin", "http://" + HOST),
                // fa:434-436 trustForwardHeader: false deletes the entry point's X-headers (X-Real-Ip too, fh:50),
                // then fa:457-462 sets https from TLS (never wss), fa:464-466 the port, fa:446-451 the peer
                new Shape("WebSocket over TLS, trustForwardHeader false", "https", "203.0.113.15", false,
                        "X-Forwarded-For", "203.0.113.15", "X-Forwarded-Method", "GET", "X-Forwarded-Proto", "https",
                        "X-Forwarded-Port", "443", "X-Forwarded-Host", HOST,
                        "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version", "13",
                        "Origin", "https://" + HOST),
                // A load balancer (10.0.0.2) in front appends the client to what the client wrote; the entry point
                // trusts it (forwardedHeaders.trustedIPs, fh:122-124 keeps its headers; fh:153 keeps its proto;
                // fh:189-191 joins lines); fa:446-451 appends the balancer itself
                new Shape("behind a load balancer appending X-Forwarded-For", "https", "192.0.2.44", true,
                        "X-Forwarded-For", "198.51.100.99, 192.0.2.44, 10.0.0.2", "X-Forwarded-Proto", "https",
                        "X-Forwarded-Method", "GET", "X-Forwarded-Host", HOST, "X-Forwarded-Port", "443",
                        "X-Real-Ip", "10.0.0.2", "Accept", PAGE, "Sec-Fetch-Mode", "navigate"),
                // The same balancer not trusted by the entry point: fh:122-124 deletes what it sent, so only its
                // own address is left (fa:446-451); the gateway cannot know better
                new Shape("behind a load balancer the entry point does not trust", "https", "10.0.0.2", true,
                        "X-Forwarded-For", "10.0.0.2", "X-Forwarded-Proto", "https", "X-Forwarded-Method", "GET",
                        "X-Forwarded-Host", HOST, "X-Forwarded-Port", "443", "X-Real-Ip", "10.0.0.2",
                        "Accept", PAGE, "Sec-Fetch-Mode", "navigate"),
                // fh:148-149 sets X-Real-Ip to the peer; integrations behind Traefik report WebSockets arriving with
                // X-Real-Ip and no X-Forwarded-For
                new Shape("WebSocket with X-Real-Ip and no X-Forwarded-For", "https", "192.0.2.55", false,
                        "X-Real-Ip", "192.0.2.55", "X-Forwarded-Proto", "wss", "X-Forwarded-Method", "GET",
                        "X-Forwarded-Host", HOST, "X-Forwarded-Port", "443",
                        "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version", "13",
                        "Origin", "https://" + HOST));
    }

    @BeforeEach
    void ready() {
        Gateway.awaitReady();
        RestAssured.port = listener.port();
        FakeAuthentikResource.server().signIn().user("alice", "admins", "staff");
        if (httpsSession == null) {
            httpsSession = signIn("https");
            httpSession = signIn("http");
        }
        LogCapture.install();
    }

    @AfterAll
    static void uninstall() {
        LogCapture.uninstall();
    }

    private static String signIn(String scheme) {
        SignInFlowTest.Callback callback = SignInFlowTest.startSignIn(scheme, HOST, "/");
        return SignInFlowTest.sessionCookie(SignInFlowTest.finish(scheme, HOST, callback));
    }

    private static RequestSpecification traefik(Shape shape, String uri) {
        RequestSpecification request = given().redirects().follow(false).header("X-Forwarded-Uri", uri);
        for (int i = 0; i < shape.headers().length; i += 2) {
            request.header(shape.headers()[i], shape.headers()[i + 1]);
        }
        return request;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void theBrowsersSessionCookieForItsSchemeSignsItIn(Shape shape) {
        String cookie = "https".equals(shape.scheme()) ? httpsSession : httpSession;
        assertTrue(cookie.startsWith("https".equals(shape.scheme()) ? "__Host-scalr_auth_grafana=" : "_scalr_auth_grafana="),
                cookie);
        Response response = traefik(shape, "/api/live/ws").header("Cookie", cookie + "; theme=dark").get("/auth");
        assertEquals(200, response.statusCode(), response.asString());
        assertEquals("alice", response.header("X-authentik-username"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shapes")
    void withoutASessionTheSignInUsesTheBrowsersSchemeAndTheLogTheClientAddress(Shape shape) {
        String uri = "/shape/" + Integer.toHexString(shape.name().hashCode());
        Response response = traefik(shape, uri).get("/auth");
        String origin = shape.scheme() + "://" + HOST;
        if (shape.navigation()) {
            assertEquals(302, response.statusCode(), response.asString());
            assertEquals(origin + "/.scalr-auth/callback",
                    FakeSignIn.queryOf(response.header("Location")).get("redirect_uri"));
        } else {
            assertEquals(401, response.statusCode(), response.asString());
            assertTrue(response.jsonPath().getString("sign_in_url").startsWith(origin + "/.scalr-auth/start?rd="),
                    response.asString());
        }
        List<String> lines = LogCapture.INSTANCE.records().stream()
                .filter(r -> r.contains("decision app=grafana") && r.contains("path=" + uri + " ")).toList();
        assertEquals(1, lines.size(), lines.toString());
        assertTrue(lines.get(0).contains(" client=" + shape.client() + " "), lines.get(0));
    }
}
