package dev.scalr.gateway.page;

import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.Gateway;
import dev.scalr.gateway.web.AuthListener;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.scalr.gateway.signin.SignInFlowTest.HTML;
import static dev.scalr.gateway.signin.SignInFlowTest.finish;
import static dev.scalr.gateway.signin.SignInFlowTest.forwarded;
import static dev.scalr.gateway.signin.SignInFlowTest.sessionCookie;
import static dev.scalr.gateway.signin.SignInFlowTest.startSignIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The answers a person reads are pages; the same decisions stay JSON for programs. */
@QuarkusTest
@WithTestResource(FakeAuthentikResource.class)
class PagesForPeopleTest {

    static final String WIKI = "wiki.example.test";

    @Inject
    AuthListener listener;

    @BeforeEach
    void ready() {
        Gateway.awaitReady();
        RestAssured.port = listener.port();
    }

    @AfterEach
    void defaultUser() {
        FakeAuthentikResource.server().signIn().user("alice", "admins", "staff");
    }

    private static String signedIn(String user, String... groups) {
        FakeAuthentikResource.server().signIn().user(user, groups);
        return sessionCookie(finish(WIKI, startSignIn(WIKI, "/")));
    }

    /** What every page must be: HTML, its own strict policy, a language, a title. */
    static void assertIsAPage(Response response, int status) {
        assertEquals(status, response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith("text/html"), response.contentType());
        String policy = response.header("Content-Security-Policy");
        assertTrue(policy != null && policy.startsWith("default-src 'none';") && policy.contains("style-src 'sha256-")
                && !policy.contains("unsafe-inline") && policy.contains("base-uri 'none'"), String.valueOf(policy));
        String html = response.asString();
        assertTrue(html.contains("<html lang=\"en\">") && html.contains("<title>"), html);
        assertFalse(html.contains("<script") || html.contains("src=\"http") || html.contains("href=\"http://"), html);
    }

    @Test
    void userOutsideAllowedGroupsSeesWhoIsSignedInWithSignOutAndAccountSettings() {
        String session = signedIn("mallory", "staff");
        Response response = forwarded(WIKI, "/page").header("Accept", HTML).header("Cookie", session).get("/auth");
        assertIsAPage(response, 403);
        String html = response.asString();
        assertTrue(html.contains("<strong>mallory</strong>") && html.contains("<strong>wiki</strong>"), html);
        assertTrue(html.contains("<form method=\"post\" action=\"/.scalr-auth/sign_out\"><button type=\"submit\">Sign out</button>"), html);
        assertTrue(html.contains("href=\"https://auth.example.test/if/user/\""), html);
        assertTrue(response.header("WWW-Authenticate").contains("insufficient_scope"), response.header("WWW-Authenticate"));
    }

    @Test
    void namesOnThePageAreEscaped() {
        String session = signedIn("<img src=x onerror=alert(1)>", "staff");
        String html = forwarded(WIKI, "/").header("Accept", HTML).header("Cookie", session).get("/auth").asString();
        assertTrue(html.contains("&lt;img src=x onerror=alert(1)&gt;") && !html.contains("<img src=x"), html);
    }

    @ParameterizedTest(name = "{0}: the refusal stays JSON")
    @CsvSource(delimiter = '|', value = {
            "fetch()|Sec-Fetch-Mode|cors", "XHR|X-Requested-With|XMLHttpRequest", "API client|Accept|application/json"})
    void programsRefusedForTheirGroupsGetJson(String kind, String header, String value) {
        String session = signedIn("mallory", "staff");
        Response response = forwarded(WIKI, "/api").header(header, value).header("Cookie", session).get("/auth");
        assertEquals(403, response.statusCode());
        assertTrue(response.contentType().startsWith("application/problem+json"), response.contentType());
        assertEquals("group_not_allowed", response.jsonPath().getString("reason"));
    }

    @Test
    void navigationToAnUndeclaredHostGetsAPageNamingTheHost() {
        Response response = forwarded("nothing.example.test", "/").header("Accept", HTML).get("/auth");
        assertIsAPage(response, 403);
        assertTrue(response.asString().contains("nothing.example.test"), response.asString());
        Response api = forwarded("nothing.example.test", "/").header("Accept", "application/json").get("/auth");
        assertEquals("undeclared_app", api.jsonPath().getString("reason"));
    }

    @Test
    void callbackErrorsArePagesWithAWayToStartAgain() {
        Response expired = forwarded("grafana.example.test", "/.scalr-auth/callback?state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA&code=x")
                .header("Accept", HTML).get("/auth");
        assertIsAPage(expired, 400);
        assertTrue(expired.asString().contains("<a href=\"/\">Start again</a>"), expired.asString());
    }

    @Test
    void signOutConfirmationMayNotBeFramedByAnotherSite() {
        Response response = forwarded("grafana.example.test", "/.scalr-auth/sign_out").header("Sec-Fetch-Site", "cross-site")
                .header("Accept", HTML).get("/auth");
        assertIsAPage(response, 403);
        assertTrue(response.header("Content-Security-Policy").contains("frame-ancestors 'none'"));
        assertTrue(response.header("Content-Security-Policy").contains("form-action 'self' https://auth.example.test"));
    }
}
