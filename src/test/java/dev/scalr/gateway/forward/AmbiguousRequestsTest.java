package dev.scalr.gateway.forward;

import dev.scalr.gateway.session.CookieSealer;
import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.Gateway;
import dev.scalr.gateway.support.Metrics;
import dev.scalr.gateway.dev.authentik.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.Header;
import io.restassured.http.Headers;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.scalr.gateway.support.FakeAuthentikResource.SHARED;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request the gateway and the backend could read differently is refused, never decided on its first value:
 * lists or repeated X-Forwarded-Host/-Uri/-Proto/-Method/-Port (400), two Authorization headers (401), a gateway
 * cookie sent more than once (session refused; a browser is sent to sign in, with the duplicates cleared).
 */
@QuarkusTest
@WithTestResource(FakeAuthentikResource.class)
class AmbiguousRequestsTest {

    private static final String GRAFANA = "grafana.example.test";

    @BeforeEach
    void keysLoaded() {
        Gateway.awaitReady();
    }

    static String grafanaToken() {
        return Tokens.forApp("grafana", "grafana-client").sign(SHARED);
    }

    static Stream<Arguments> ambiguousForwarding() {
        return Stream.of(
                Arguments.of("host list", List.of("X-Forwarded-Host", GRAFANA + ", wiki.example.test")),
                Arguments.of("two hosts", List.of("X-Forwarded-Host", GRAFANA, "X-Forwarded-Host", "wiki.example.test")),
                Arguments.of("two uris", List.of("X-Forwarded-Host", GRAFANA, "X-Forwarded-Uri", "/", "X-Forwarded-Uri", "/admin")),
                Arguments.of("two protos", List.of("X-Forwarded-Host", GRAFANA, "X-Forwarded-Proto", "https", "X-Forwarded-Proto", "http")),
                Arguments.of("proto list", List.of("X-Forwarded-Host", GRAFANA, "X-Forwarded-Proto", "https, http")),
                Arguments.of("two methods", List.of("X-Forwarded-Host", GRAFANA, "X-Forwarded-Method", "GET", "X-Forwarded-Method", "DELETE")),
                Arguments.of("method list", List.of("X-Forwarded-Host", GRAFANA, "X-Forwarded-Method", "GET, DELETE")),
                Arguments.of("two ports", List.of("X-Forwarded-Host", GRAFANA, "X-Forwarded-Port", "443", "X-Forwarded-Port", "8443")));
    }

    @ParameterizedTest(name = "{0} -> 400 ambiguous_forwarding")
    @MethodSource("ambiguousForwarding")
    void ambiguousForwardingIsABadRequest(String name, List<String> pairs) {
        double before = Metrics.scrape().value("gateway_decisions_total", "outcome", "bad_request", "reason", "ambiguous_forwarding");
        List<Header> headers = new ArrayList<>();
        for (int i = 0; i < pairs.size(); i += 2) {
            headers.add(new Header(pairs.get(i), pairs.get(i + 1)));
        }
        headers.add(new Header("Authorization", "Bearer " + grafanaToken()));
        given().headers(new Headers(headers)).get("/auth")
                .then().statusCode(400).contentType("application/problem+json")
                .body("reason", equalTo("ambiguous_forwarding")).body("detail", containsString("X-Forwarded-"));
        assertEquals(before + 1, Metrics.scrape().value("gateway_decisions_total", "outcome", "bad_request",
                "reason", "ambiguous_forwarding"));
    }

    @Test
    void repeatedForwardedUriCannotPassAsPublicPath() {
        given().header(new Header("X-Forwarded-Host", "wiki.example.test"))
                .headers(new Headers(new Header("X-Forwarded-Uri", "/static/app.css"), new Header("X-Forwarded-Uri", "/admin")))
                .get("/auth").then().statusCode(400).body("reason", equalTo("ambiguous_forwarding"))
                .body("app", equalTo("wiki"));
    }

    @Test
    void twoAuthorizationHeadersAreRefusedAsTwoCredentials() {
        Response response = given().header("X-Forwarded-Host", GRAFANA)
                .headers(new Headers(new Header("Authorization", "Bearer " + grafanaToken()),
                        new Header("Authorization", "Bearer " + Tokens.forApp("grafana", "grafana-client").username("root").sign(SHARED))))
                .get("/auth");
        response.then().statusCode(401).body("reason", equalTo("duplicate_credentials"))
                .header("WWW-Authenticate", containsString("Bearer realm=\"grafana\""));
    }

    @Test
    void listsWhereTheyAreNormalStillDecide() {
        // X-Forwarded-For is a list by design (Traefik appends); a path may hold a comma
        given().header("X-Forwarded-Host", GRAFANA).header("X-Forwarded-Uri", "/a,b")
                .header("X-Forwarded-For", "203.0.113.9, 10.0.0.2").header("Authorization", "Bearer " + grafanaToken())
                .get("/auth").then().statusCode(200).header("X-authentik-username", "alice");
    }

    static String session(String user) {
        String json = "{\"sub\":\"" + user + "-id\",\"usr\":\"" + user + "\",\"em\":\"" + user + "@example.test\",\"nm\":\""
                + user + "\",\"grp\":[\"staff\"],\"exp\":" + Instant.now().plusSeconds(600).getEpochSecond() + "}";
        return CookieSealer.fromBase64(List.of(FakeAuthentikResource.SESSION_KEY_NEW)).seal(json, "_scalr_auth_grafana");
    }

    @Test
    void oneSessionCookieStillSignsIn() {
        given().header("X-Forwarded-Host", GRAFANA).header("Cookie", "_scalr_auth_grafana=" + session("alice"))
                .get("/auth").then().statusCode(200).header("X-authentik-username", "alice");
    }

    @Test
    void tossedDuplicateSessionCookieIsRefusedForApiClients() {
        // a sibling host planted its own (valid) session with Domain=example.test: neither is picked
        given().header("X-Forwarded-Host", GRAFANA)
                .header("Cookie", "_scalr_auth_grafana=" + session("mallory") + "; theme=dark; _scalr_auth_grafana=" + session("alice"))
                .get("/auth").then().statusCode(401).body("reason", equalTo("duplicate_cookie"))
                .header("X-authentik-username", (String) null);
    }

    @Test
    void browserWithTossedDuplicateSessionCookieIsSentToSignInWithTheDuplicatesCleared() {
        // plain http: over https the session is a __Host- cookie, which a sibling host cannot plant
        Response response = given().redirects().follow(false).header("X-Forwarded-Host", GRAFANA)
                .header("X-Forwarded-Proto", "http").header("X-Forwarded-Uri", "/dashboard").header("Accept", "text/html")
                .header("Cookie", "_scalr_auth_grafana=" + session("mallory") + "; _scalr_auth_grafana=" + session("alice"))
                .get("/auth");
        response.then().statusCode(302).header("Location", containsString("/application/o/authorize/"));
        List<String> setCookies = response.headers().getValues("Set-Cookie");
        assertTrue(setCookies.stream().anyMatch(c -> c.startsWith("_scalr_auth_grafana=;") && c.contains("Max-Age=0")
                && !c.contains("Domain=")), setCookies.toString());
        assertTrue(setCookies.stream().anyMatch(c -> c.startsWith("_scalr_auth_grafana=;") && c.contains("Max-Age=0")
                && c.contains("Domain=example.test")), setCookies.toString());
        assertTrue(setCookies.stream().anyMatch(c -> c.startsWith("_scalr_login_grafana=")), setCookies.toString());
    }
}
