package dev.scalr.gateway.signin;

import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.Gateway;
import dev.scalr.gateway.web.AuthListener;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.scalr.gateway.signin.SignInFlowTest.HOST;
import static dev.scalr.gateway.signin.SignInFlowTest.HTML;
import static dev.scalr.gateway.signin.SignInFlowTest.finish;
import static dev.scalr.gateway.signin.SignInFlowTest.forwarded;
import static dev.scalr.gateway.signin.SignInFlowTest.startSignIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An app shown inside another site's frame (dashboards, portals): sign-in opens at the top level and returns to the frame's page. */
@QuarkusTest
@WithTestResource(FakeAuthentikResource.class)
class FramedSignInTest {

    private static final Pattern TOP_LINK = Pattern.compile("<a class=\"primary\" href=\"([^\"]+)\" target=\"_top\">");

    @Inject
    AuthListener listener;

    @BeforeEach
    void ready() {
        Gateway.awaitReady();
        RestAssured.port = listener.port();
    }

    private static Response framed(String uri) {
        return forwarded(HOST, uri).header("Sec-Fetch-Mode", "navigate").header("Sec-Fetch-Dest", "iframe")
                .header("Sec-Fetch-Site", "cross-site").header("Accept", HTML)
                .header("Referer", "https://portal.example.org/home?tab=ops").get("/auth");
    }

    @ParameterizedTest(name = "Sec-Fetch-Dest {0}: a page whose sign-in link opens at the top level")
    @ValueSource(strings = {"iframe", "frame"})
    void framedNavigationWithoutSessionGetsAPageWithATopLevelSignInLink(String dest) {
        Response response = forwarded(HOST, "/d/panel?id=7").header("Sec-Fetch-Mode", "navigate")
                .header("Sec-Fetch-Dest", dest).header("Accept", HTML).get("/auth");
        assertEquals(401, response.statusCode(), response.asString());
        assertTrue(response.contentType().startsWith("text/html"), response.contentType());
        Matcher link = TOP_LINK.matcher(response.asString());
        assertTrue(link.find(), response.asString());
        assertEquals("https://grafana.example.test/.scalr-auth/start?rd=%2Fd%2Fpanel%3Fid%3D7", link.group(1).replace("&amp;", "&"));
        assertTrue(response.headers().getValues("Set-Cookie").isEmpty(), "a frame starts no sign-in of its own");
        assertTrue(!response.header("Content-Security-Policy").contains("frame-ancestors"), "the page must show in the frame");
    }

    @Test
    void afterSignInTheUserReturnsToTheFramedPageNeverTheParentsReferer() {
        Matcher link = TOP_LINK.matcher(framed("/d/panel?id=7&from=now-1h").asString());
        assertTrue(link.find());
        String start = link.group(1).replace("&amp;", "&").substring("https://grafana.example.test".length());
        Response done = finish(HOST, startSignIn(HOST, start));
        assertEquals(302, done.statusCode(), done.asString());
        assertEquals("https://grafana.example.test/d/panel?id=7&from=now-1h", done.header("Location"));
    }

    @Test
    void scriptsInsideAFrameStillGetJsonWithTheirPagesSignInUrl() {
        Response response = forwarded(HOST, "/api/q").header("Sec-Fetch-Mode", "cors").header("Sec-Fetch-Dest", "empty")
                .header("Referer", "https://grafana.example.test/d/panel?id=7").get("/auth");
        assertEquals(401, response.statusCode());
        assertEquals("https://grafana.example.test/.scalr-auth/start?rd=%2Fd%2Fpanel%3Fid%3D7",
                response.jsonPath().getString("sign_in_url"));
    }
}
