package dev.scalr.gateway.explain;

import dev.scalr.gateway.dev.authentik.Tokens;
import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.RawHttp;
import dev.scalr.gateway.web.AuthListener;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * /q/gateway/explain answers which rule and policy a request would get, for the four policies of
 * docs/operations.md ("Access rules") written as the wiki's rules; bad queries are a 400 problem, never a 5xx.
 */
@QuarkusTest
@WithTestResource(ExplainEndpointTest.WikiRules.class)
class ExplainEndpointTest {

    private static final String WIKI = "wiki.example.test";

    public static class WikiRules extends FakeAuthentikResource {
        @Override
        protected Map<String, String> extraConfig() {
            Map<String, String> rules = new HashMap<>();
            rules.put("gateway.apps.wiki.rules[0].paths", "/admin/**");
            rules.put("gateway.apps.wiki.rules[0].policy", "groups");
            rules.put("gateway.apps.wiki.rules[0].groups", "admins");
            rules.put("gateway.apps.wiki.rules[1].paths", "/api/webhooks/*");
            rules.put("gateway.apps.wiki.rules[1].methods", "POST");
            rules.put("gateway.apps.wiki.rules[1].policy", "public");
            rules.put("gateway.apps.wiki.rules[2].paths", "/metrics");
            rules.put("gateway.apps.wiki.rules[2].networks", "10.0.0.0/8,fd00::/8");
            rules.put("gateway.apps.wiki.rules[2].policy", "public");
            rules.put("gateway.apps.wiki.rules[3].paths", "/metrics");
            rules.put("gateway.apps.wiki.rules[3].policy", "deny");
            rules.put("gateway.apps.wiki.rules[4].paths", "/settings,/settings/**");
            rules.put("gateway.apps.wiki.rules[4].policy", "authenticated");
            rules.put("gateway.apps.wiki.rules[4].mfa", "true");
            rules.put("gateway.apps.wiki.rules[4].max-age", "15M");
            return rules;
        }
    }

    @Inject
    AuthListener listener;

    static Stream<Arguments> requests() {
        return Stream.of(
                arguments("admin path needs admins", "GET", "/admin/users", null, "0", "groups", List.of(List.of("admins"))),
                arguments("webhook POST is public", "POST", "/api/webhooks/github", null, "1", "public", List.of()),
                arguments("webhook GET falls to the default", "GET", "/api/webhooks/github", null, "default", "groups",
                        List.of(List.of("admins", "editors"))),
                arguments("metrics from the cluster network is public", "GET", "/metrics", "10.1.2.3", "2", "public",
                        List.of()),
                arguments("metrics from an IPv6 cluster address is public", "GET", "/metrics", "[fd00::7]:5000", "2",
                        "public", List.of()),
                arguments("metrics from outside is denied", "GET", "/metrics", "203.0.113.9", "3", "deny", List.of()),
                arguments("metrics without a client address is denied", "GET", "/metrics", null, "3", "deny", List.of()),
                arguments("settings needs a recent second factor", "GET", "/settings/profile", null, "4", "authenticated",
                        List.of()),
                arguments("public path of the default", "GET", "/static/app.js", null, "default", "public", List.of()),
                arguments("lower-case method counts as upper case", "post", "/api/webhooks/x", null, "1", "public",
                        List.of()),
                arguments("encoded letters are read as the app reads them", "GET", "/%61dmin/x", null, "0", "groups",
                        List.of(List.of("admins"))),
                // the strictest of every rule that could apply: rule 3 denies /metrics to everyone, so this too
                arguments("an unreadable path gets the strictest requirement", "GET", "/x/..%2fadmin/x", null,
                        "strictest", "deny", List.of()),
                arguments("query is not part of the path", "GET", "/admin?x=/static/", null, "0", "groups",
                        List.of(List.of("admins"))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void answersTheRuleThatWouldDecide(String name, String method, String path, String client, String rule,
            String policy, List<List<String>> groups) {
        Response response = explain(WIKI, method, path, client);
        assertEquals(200, response.statusCode(), response::asString);
        assertEquals("application/json", response.contentType());
        assertEquals("wiki", response.jsonPath().getString("app"));
        assertEquals(rule, response.jsonPath().getString("rule"), response::asString);
        assertEquals(policy, response.jsonPath().getString("policy"));
        assertEquals(groups, response.jsonPath().getList("groups"));
    }

    @Test
    void showsTheRulesTextStepUpAndNormalisedPath() {
        explain(WIKI, "GET", "/settings/%70rofile", null).then().statusCode(200)
                .body("rule_text", equalTo("paths=/settings,/settings/** policy=authenticated mfa=true max-age=PT15M"))
                .body("mfa", equalTo(true)).body("max_age", equalTo(900))
                .body("readable", equalTo(true)).body("normalised_path", equalTo("/settings/profile"))
                .body("path", equalTo("/settings/%70rofile")).body("sign_in_path", equalTo(false))
                .body("detail", containsString("rule 4 is the first that matches"));
        explain(WIKI, "GET", "/x/..%2fadmin/x", null).then().statusCode(200)
                .body("readable", equalTo(false)).body("normalised_path", nullValue())
                .body("rule_text", equalTo("an unreadable path, and rule 3 denies"))
                .body("detail", containsString("the strictest requirement"));
        explain(WIKI, "GET", "/", null).then().statusCode(200).body("max_age", nullValue()).body("mfa", equalTo(false))
                .body("rule_text", startsWith("allowed-groups=")).body("rule_text", containsString("editors"));
    }

    @Test
    void signInPathIsHandledByTheGatewayBeforeAnyRule() {
        explain(WIKI, "GET", "/.scalr-auth/callback?code=x", null).then().statusCode(200)
                .body("app", equalTo("wiki")).body("sign_in_path", equalTo(true)).body("rule", nullValue())
                .body("detail", containsString("the gateway answers this path itself"));
    }

    @Test
    void hostIsReadLikeAForwardedHost() {
        explain("Docs.Example.Org.:443", "GET", "/admin/x", null).then().statusCode(200)
                .body("host", equalTo("docs.example.org")).body("app", equalTo("wiki")).body("rule", equalTo("0"));
    }

    @Test
    void hostNoAppServesIs404NamingTheHost() {
        explain("nothing.example.test", "GET", "/", null).then().statusCode(404)
                .contentType("application/problem+json").body("reason", equalTo("undeclared_app"))
                .body("host", equalTo("nothing.example.test"))
                .body("detail", containsString("no app is declared for host 'nothing.example.test'"));
    }

    static Stream<Arguments> badQueries() {
        return Stream.of(
                arguments("missing host", Map.of("path", "/"), "host is missing"),
                arguments("empty host", Map.of("host", "", "path", "/"), "host is missing"),
                arguments("missing path", Map.of("host", WIKI), "path is missing"),
                arguments("path without a leading slash", Map.of("host", WIKI, "path", "admin"), "must start with '/'"),
                arguments("newline in the path", Map.of("host", WIKI, "path", "/a\nb"), "control character"),
                arguments("NUL in the host", Map.of("host", "wiki\u0000.example.test", "path", "/"), "control character"),
                arguments("line separator in the path", Map.of("host", WIKI, "path", "/a\u2028b"), "control character"),
                arguments("huge host", Map.of("host", "a".repeat(300), "path", "/"), "longer than 253"),
                arguments("huge path", Map.of("host", WIKI, "path", "/" + "a".repeat(9000)), "longer than 8192"),
                arguments("method that is not a word", Map.of("host", WIKI, "path", "/", "method", "G T"), "letters only"),
                arguments("method too long", Map.of("host", WIKI, "path", "/", "method", "G".repeat(17)), "longer than 16"),
                arguments("client that is not an address", Map.of("host", WIKI, "path", "/", "client", "example.org"),
                        "IP address"),
                arguments("host that is not a host name", Map.of("host", "wiki example", "path", "/"), "host name"),
                arguments("misspelt parameter", Map.of("host", WIKI, "path", "/", "clinet", "10.0.0.1"),
                        "unknown parameter 'clinet'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badQueries")
    void badQueryIs400ProblemNaming(String name, Map<String, String> query, String detail) {
        given().queryParams(query).get("/q/gateway/explain").then().statusCode(400)
                .contentType("application/problem+json").body("reason", equalTo("bad_query"))
                .body("detail", containsString(detail));
    }

    @Test
    void repeatedParameterIs400() {
        given().urlEncodingEnabled(false).get("/q/gateway/explain?host=" + WIKI + "&host=other.example.test&path=/")
                .then().statusCode(400).body("detail", containsString("host was given 2 times"));
    }

    @Test
    void brokenPercentEncodingIs400() throws Exception {
        RawHttp.Response response = RawHttp.get(RestAssured.port, "/q/gateway/explain?host=" + WIKI + "&path=/%zz",
                Map.of());
        // refused before the route runs (no body then), or by the route: a 400 either way, never a 5xx
        assertEquals(400, response.status(), response::toString);
    }

    @Test
    void credentialsSentAlongChangeNothing() {
        String staffToken = Tokens.forApp("wiki", "wiki-client").groups("staff").sign(FakeAuthentikResource.SHARED);
        String without = explain(WIKI, "GET", "/admin/x", null).asString();
        String with = request(WIKI, "GET", "/admin/x", null).header("Authorization", "Bearer " + staffToken)
                .cookie("_scalr_auth_wiki", "x").get("/q/gateway/explain").asString();
        assertEquals(without, with);
    }

    @Test
    void dedicatedListenerDoesNotServeIt() {
        given().port(listener.port()).queryParam("host", WIKI).queryParam("path", "/").get("/q/gateway/explain")
                .then().statusCode(404);
    }

    private static Response explain(String host, String method, String path, String client) {
        return request(host, method, path, client).get("/q/gateway/explain");
    }

    private static RequestSpecification request(String host, String method, String path, String client) {
        RequestSpecification request = given().queryParam("host", host).queryParam("method", method)
                .queryParam("path", path);
        return client == null ? request : request.queryParam("client", client);
    }
}
