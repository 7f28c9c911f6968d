package dev.scalr.gateway.signin;

import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.Gateway;
import dev.scalr.gateway.dev.authentik.Tokens;
import dev.scalr.gateway.web.AuthListener;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.scalr.gateway.signin.SignInFlowTest.HOST;
import static dev.scalr.gateway.signin.SignInFlowTest.HTML;
import static dev.scalr.gateway.signin.SignInFlowTest.forwarded;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whatever a browser does, the gateway's cookies on one app host stay under 4 KB in the Cookie header the app
 * receives (nginx, Tomcat and gunicorn refuse headers over 8 KB in total, and the app has cookies of its own).
 */
@QuarkusTest
@WithTestResource(FakeAuthentikResource.class)
class LoginCookieBudgetTest {

    static final int BUDGET = 4096;

    @Inject
    AuthListener listener;

    @BeforeEach
    void ready() {
        Gateway.awaitReady();
        RestAssured.port = listener.port();
        FakeAuthentikResource.server().signIn().user("alice", "admins", "staff");
    }

    /** One host's cookies as a browser keeps them: Set-Cookie adds or replaces, Max-Age=0 deletes. */
    static final class Jar {
        private final Map<String, String> cookies = new LinkedHashMap<>();

        void apply(List<String> setCookies) {
            for (String set : setCookies) {
                String pair = set.split(";")[0];
                String name = pair.substring(0, pair.indexOf('='));
                if (set.contains("Max-Age=0")) {
                    cookies.remove(name);
                } else {
                    cookies.put(name, pair.substring(pair.indexOf('=') + 1));
                }
            }
        }

        void put(String name, String value) {
            cookies.put(name, value);
        }

        String header() {
            return String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
        }

        int bytes() {
            return header().getBytes(StandardCharsets.UTF_8).length;
        }

        Response send(String uri) {
            var request = forwarded(HOST, uri).header("Accept", HTML);
            Response response = cookies.isEmpty() ? request.get("/auth") : request.header("Cookie", header()).get("/auth");
            apply(response.headers().getValues("Set-Cookie"));
            return response;
        }
    }

    /** Authentik's side of a started sign-in: the stand-in signs the user in and names the callback. */
    private static String callbackUri(Response signInStart) {
        assertEquals(302, signInStart.statusCode(), signInStart.asString());
        String internal = signInStart.header("Location").replace(Tokens.PUBLIC_AUTHENTIK, FakeAuthentikResource.server().baseUrl());
        String callback = given().urlEncodingEnabled(false).redirects().follow(false).get(internal).header("Location");
        return callback.substring(callback.indexOf("/.scalr-auth/"));
    }

    @Test
    void twentyAbandonedSignInsKeepTheCookieHeaderUnder4KbAndTheLastStillCompletes() {
        Jar jar = new Jar();
        Response last = null;
        for (int i = 0; i < 20; i++) {
            last = jar.send("/reports/" + i + "?range=7d&team=ops");
            assertEquals(302, last.statusCode(), last.asString());
        }
        assertTrue(jar.bytes() < BUDGET, "Cookie header after 20 abandoned sign-ins: " + jar.bytes() + " bytes");
        Response done = jar.send(callbackUri(last));
        assertEquals(302, done.statusCode(), done.asString());
        assertEquals("https://grafana.example.test/reports/19?range=7d&team=ops", done.header("Location"));
        assertTrue(jar.bytes() < BUDGET, "Cookie header once signed in: " + jar.bytes() + " bytes");
        jar.send("/reports/19").then().statusCode(200);
    }

    @Test
    void longReturnPathsBesideAStaleSessionCookieStayUnderTheBudget() {
        Jar jar = new Jar();
        // a session the gateway cannot open any more (sealed with a retired key): as large as a session may be
        jar.put("__Host-scalr_auth_grafana", "A".repeat(3800));
        Response last = null;
        for (int i = 0; i < 6; i++) {
            last = jar.send("/search?q=" + "x".repeat(1900) + i);
            assertTrue(jar.bytes() < BUDGET, "Cookie header after sign-in " + (i + 1) + ": " + jar.bytes() + " bytes");
        }
        Response done = jar.send(callbackUri(last));
        assertEquals(302, done.statusCode(), done.asString());
        assertTrue(done.header("Location").endsWith("x".repeat(1900) + 5), done.header("Location"));
        assertTrue(jar.bytes() < BUDGET, "Cookie header once signed in: " + jar.bytes() + " bytes");
    }

    @Test
    void twoTabsSigningInAtOnceBothComplete() {
        Jar jar = new Jar();
        Response first = jar.send("/tab/one");
        Response second = jar.send("/tab/two");
        String firstCallback = callbackUri(first);
        String secondCallback = callbackUri(second);
        assertEquals("https://grafana.example.test/tab/two", jar.send(secondCallback).header("Location"));
        assertEquals("https://grafana.example.test/tab/one", jar.send(firstCallback).header("Location"));
        jar.send("/tab/one").then().statusCode(200);
    }
}
