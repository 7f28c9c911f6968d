package dev.scalr.gateway.signin;

import dev.scalr.gateway.dev.authentik.FakeAuthentik;
import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.dev.authentik.FakeSignIn;
import dev.scalr.gateway.support.Gateway;
import dev.scalr.gateway.support.LogCapture;
import dev.scalr.gateway.dev.authentik.Tokens;
import dev.scalr.gateway.web.AuthListener;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A browser's whole round trip through forwardAuth, against the Authentik stand-in's real endpoints. */
@QuarkusTest
@WithTestResource(FakeAuthentikResource.class)
public class SignInFlowTest {

    static final String HOST = "grafana.example.test";
    public static final String HTML = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @Inject
    AuthListener listener;

    /** The main port: /q/health, and /backchannel-logout/<slug> for Authentik. */
    int mainPort;

    @BeforeEach
    void ready() {
        Gateway.awaitReady();
        mainPort = RestAssured.port;
        // Traefik calls the dedicated listener (gateway.listener.port); the main port serves the same handler.
        RestAssured.port = listener.port();
        FakeAuthentikResource.server().signIn().user("alice", "admins", "staff");
    }

    /** A request as Traefik forwards it for the app's host. */
    public static RequestSpecification forwarded(String host, String uri) {
        return forwarded("https", host, uri);
    }

    public static RequestSpecification forwarded(String proto, String host, String uri) {
        return given().redirects().follow(false).header("X-Forwarded-Proto", proto).header("X-Forwarded-Host", host)
                .header("X-Forwarded-Method", "GET").header("X-Forwarded-Uri", uri).header("X-Forwarded-For", "203.0.113.7");
    }

    /** Navigation -> sign-in redirect; the stand-in signs the user in and sends the browser to the callback. */
    public static Callback startSignIn(String host, String uri) {
        return startSignIn("https", host, uri);
    }

    public static Callback startSignIn(String proto, String host, String uri) {
        Response signIn = forwarded(proto, host, uri).header("Accept", HTML).get("/auth");
        assertEquals(1, signIn.headers().getValues("Set-Cookie").size());
        assertEquals(302, signIn.statusCode(), signIn.asString());
        String location = signIn.header("Location");
        String loginCookie = signIn.header("Set-Cookie").split(";")[0];
        String internal = location.replace(Tokens.PUBLIC_AUTHENTIK, FakeAuthentikResource.server().baseUrl());
        Response authorize = given().urlEncodingEnabled(false).redirects().follow(false).get(internal);
        assertEquals(302, authorize.statusCode(), authorize.asString());
        String callback = authorize.header("Location");
        assertTrue(callback.contains("/.scalr-auth/callback?"), callback);
        return new Callback(location, loginCookie, callback);
    }

    public record Callback(String authorizeUrl, String loginCookie, String callbackUrl) {
        public String uri() {
            return callbackUrl.substring(callbackUrl.indexOf("/.scalr-auth/"));
        }
    }

    public static Response finish(String host, Callback callback) {
        return finish("https", host, callback);
    }

    public static Response finish(String proto, String host, Callback callback) {
        return forwarded(proto, host, callback.uri()).header("Accept", HTML).header("Cookie", callback.loginCookie()).get("/auth");
    }

    /** The session's name=value from a callback answer (it also clears the login cookie). */
    public static String sessionCookie(Response callbackAnswer) {
        return callbackAnswer.headers().getValues("Set-Cookie").stream()
                .filter(c -> c.startsWith("__Host-scalr_auth_") || c.startsWith("_scalr_auth_"))
                .findFirst().orElseThrow(() -> new AssertionError(callbackAnswer.headers().toString())).split(";")[0];
    }

    @Test
    void browserRoundTripEndsWithWorkingSessionCookie() {
        Callback callback = startSignIn(HOST, "/d/home?orgId=1");
        Map<String, String> authorize = FakeSignIn.queryOf(callback.authorizeUrl());
        assertTrue(callback.authorizeUrl().startsWith("https://auth.example.test/application/o/authorize/?"));
        assertEquals("grafana-client", authorize.get("client_id"));
        assertEquals("code", authorize.get("response_type"));
        assertEquals("openid profile email", authorize.get("scope"));
        assertEquals("S256", authorize.get("code_challenge_method"));
        assertEquals("https://grafana.example.test/.scalr-auth/callback", authorize.get("redirect_uri"));
        assertNotNull(authorize.get("nonce"));
        assertTrue(callback.loginCookie().startsWith("__Host-scalr_login_grafana="), callback.loginCookie());

        Response done = finish(HOST, callback);
        assertEquals(302, done.statusCode(), done.asString());
        assertEquals("https://grafana.example.test/d/home?orgId=1", done.header("Location"));
        List<String> cookies = done.headers().getValues("Set-Cookie");
        String session = cookies.get(0);
        assertTrue(session.startsWith("__Host-scalr_auth_grafana="), session);
        String attributes = session.toLowerCase();
        assertTrue(attributes.contains("; httponly") && attributes.contains("; secure") && attributes.contains("samesite=lax"), session);
        assertTrue(attributes.contains("; path=/;") && !attributes.contains("domain="), session);
        assertTrue(session.length() < 4096);
        assertTrue(cookies.stream().anyMatch(c -> c.startsWith("__Host-scalr_login_grafana=") && c.contains("Max-Age=0")), cookies.toString());
        assertEquals("auth.example.test", FakeAuthentikResource.server().signIn().lastTokenHost(),
                "the code is redeemed with the public Host so Authentik mints the public iss");

        forwarded(HOST, "/d/other").header("Accept", HTML).header("Cookie", session.split(";")[0]).get("/auth")
                .then().statusCode(200).header("X-authentik-username", "alice").header("X-authentik-groups", "admins|staff");
    }

    @Test
    void sessionNeedsNoCallToAuthentik() {
        String session = sessionCookie(finish(HOST, startSignIn(HOST, "/")));
        int before = FakeAuthentikResource.server().signIn().tokenCalls();
        for (int i = 0; i < 20; i++) {
            forwarded(HOST, "/x").header("Cookie", session).get("/auth").then().statusCode(200);
        }
        assertEquals(before, FakeAuthentikResource.server().signIn().tokenCalls());
    }

    @Test
    void xhrAndJsonClientsGet401NotARedirect() {
        forwarded(HOST, "/api").header("Accept", HTML).header("X-Requested-With", "XMLHttpRequest").get("/auth")
                .then().statusCode(401).header("WWW-Authenticate", startsWith("Bearer"));
        forwarded(HOST, "/api").header("Accept", "application/json").get("/auth").then().statusCode(401);
        forwarded(HOST, "/api").get("/auth").then().statusCode(401);
    }

    /** Headers of one request, as "Name=value;Name=value". */
    static RequestSpecification withHeaders(RequestSpecification request, String headers) {
        for (String pair : headers.split(";")) {
            int eq = pair.indexOf('=');
            request = request.header(pair.substring(0, eq), pair.substring(eq + 1));
        }
        return request;
    }

    @ParameterizedTest(name = "{0} without a session: 401 naming a sign-in URL on the app's host, no login cookie")
    @CsvSource(delimiter = '|', value = {
            "fetch()|Sec-Fetch-Mode=cors;Sec-Fetch-Dest=empty;Accept=*/*",
            "fetch() that accepts HTML|Sec-Fetch-Mode=cors;Sec-Fetch-Dest=empty;Accept=text/html",
            "XHR without fetch metadata|X-Requested-With=XMLHttpRequest;Accept=text/html",
            "WebSocket as Traefik forwards it (no Upgrade)|Sec-WebSocket-Key=dGhlIHNhbXBsZSBub25jZQ==;Sec-WebSocket-Version=13;Sec-Fetch-Mode=websocket",
            "WebSocket with Upgrade and an HTML Accept|Upgrade=websocket;Accept=text/html"})
    void requestsThatCannotFollowARedirectGet401WithASignInUrl(String kind, String headers) {
        Response response = withHeaders(forwarded(HOST, "/api/items?page=2"), headers)
                .header("Referer", "https://grafana.example.test/dashboards/7?tab=2#panel").get("/auth");
        assertEquals(401, response.statusCode(), response.asString());
        assertEquals("https://grafana.example.test/.scalr-auth/start?rd=%2Fdashboards%2F7%3Ftab%3D2",
                response.jsonPath().getString("sign_in_url"), response.asString());
        assertTrue(response.header("WWW-Authenticate").endsWith(", sign_in_url=\"https://grafana.example.test/.scalr-auth/start?rd=%2Fdashboards%2F7%3Ftab%3D2\""),
                response.header("WWW-Authenticate"));
        assertTrue(response.headers().getValues("Set-Cookie").isEmpty(), "no login cookie: only navigations record where to return");
    }

    @Test
    void apiClientKeepsThePlainBearerChallenge() {
        Response response = forwarded(HOST, "/api").header("Accept", "application/json").get("/auth");
        assertEquals(401, response.statusCode());
        assertEquals("Bearer realm=\"grafana\"", response.header("WWW-Authenticate"));
        assertEquals(null, response.jsonPath().getString("sign_in_url"));
    }

    @ParameterizedTest(name = "Referer {0}: the sign-in URL returns to /")
    @ValueSource(strings = {"", "https://evil.example/page", "https://grafana.example.test.evil.example/x",
            "https://grafana.example.test//evil.example"})
    void signInUrlReturnsOnlyToAPageOfTheAppsOwnOrigin(String referer) {
        RequestSpecification request = forwarded(HOST, "/api").header("Sec-Fetch-Mode", "cors");
        if (!referer.isEmpty()) {
            request = request.header("Referer", referer);
        }
        request.get("/auth").then().statusCode(401)
                .body("sign_in_url", org.hamcrest.Matchers.equalTo("https://grafana.example.test/.scalr-auth/start?rd=%2F"));
    }

    @Test
    void fetchMetadataNavigationIsSentToSignInWhateverItAccepts() {
        forwarded(HOST, "/report").header("Sec-Fetch-Mode", "navigate").header("Sec-Fetch-Dest", "document")
                .header("Accept", "*/*").get("/auth").then().statusCode(302)
                .header("Location", startsWith("https://auth.example.test/application/o/authorize/"));
    }

    @Test
    void navigatingToTheSignInUrlSignsInAndReturnsToRd() {
        String url = forwarded(HOST, "/api").header("Sec-Fetch-Mode", "cors")
                .header("Referer", "https://grafana.example.test/boards?id=3").get("/auth").jsonPath().getString("sign_in_url");
        Callback callback = startSignIn(HOST, url.substring("https://grafana.example.test".length()));
        Response done = finish(HOST, callback);
        assertEquals(302, done.statusCode(), done.asString());
        assertEquals("https://grafana.example.test/boards?id=3", done.header("Location"));
    }

    @ParameterizedTest(name = "start?rd={0} lands on /")
    @ValueSource(strings = {"%2F%2Fevil.example%2Fx", "https%3A%2F%2Fevil.example%2F", "%2F%5Cevil.example", "%2F.scalr-auth%2Fsign_out"})
    void startFollowsTheCallbacksOpenRedirectRules(String rd) {
        Response done = finish(HOST, startSignIn(HOST, "/.scalr-auth/start?rd=" + rd));
        assertEquals("https://grafana.example.test/", done.header("Location"));
    }

    @Test
    void signOutSendsTheSessionsIdTokenAsIdTokenHint() {
        Callback callback = startSignIn(HOST, "/");
        String session = sessionCookie(finish(HOST, callback));
        Response out = forwarded(HOST, "/.scalr-auth/sign_out").header("Sec-Fetch-Site", "same-origin")
                .header("Cookie", session).get("/auth");
        assertEquals(302, out.statusCode(), out.asString());
        String location = out.header("Location");
        assertTrue(location.startsWith("https://auth.example.test/application/o/grafana/end-session/?id_token_hint="), location);
        Map<String, Object> hint = jwtClaims(FakeSignIn.queryOf(location).get("id_token_hint"));
        assertEquals(FakeSignIn.queryOf(callback.authorizeUrl()).get("nonce"), hint.get("nonce"), "the ID token of this sign-in");
        assertEquals("grafana-client", hint.get("aud"));
    }

    @Test
    void backChannelLogoutEndsSealedSessionsOfTheUserOnThisReplica() {
        String bySub = sessionCookie(finish(HOST, startSignIn(HOST, "/")));
        String bySid = sessionCookie(finish(HOST, startSignIn(HOST, "/")));
        String sid = FakeAuthentikResource.server().signIn().lastSid();
        forwarded(HOST, "/").header("Cookie", bySub).get("/auth").then().statusCode(200);
        FakeSignIn authentik = FakeAuthentikResource.server().signIn();
        given().port(mainPort).contentType("application/x-www-form-urlencoded")
                .formParam("logout_token", authentik.logoutToken("grafana-client", null, sid, h -> { }, c -> { }))
                .post("/backchannel-logout/grafana").then().statusCode(200);
        forwarded(HOST, "/").header("Cookie", bySid).get("/auth").then().statusCode(401);
        forwarded(HOST, "/").header("Cookie", bySub).get("/auth").then().statusCode(200); // another Authentik session
        given().port(mainPort).contentType("application/x-www-form-urlencoded")
                .formParam("logout_token", authentik.logoutToken("grafana-client", "b3c1f0d7e1a2grafana", null, h -> { }, c -> { }))
                .post("/backchannel-logout/grafana").then().statusCode(200);
        forwarded(HOST, "/").header("Cookie", bySub).get("/auth").then().statusCode(401);
        forwarded(HOST, "/").header("Cookie", bySub).header("Accept", HTML).get("/auth").then().statusCode(302);
        Gateway.sleep(1100); // sessions begun after the logout (marks have a one-second grain) are not touched
        String later = sessionCookie(finish(HOST, startSignIn(HOST, "/")));
        forwarded(HOST, "/").header("Cookie", later).get("/auth").then().statusCode(200);
    }

    public static Map<String, Object> jwtClaims(String jwt) {
        try {
            return org.jose4j.json.JsonUtil.parseJson(new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]),
                    java.nio.charset.StandardCharsets.UTF_8));
        } catch (org.jose4j.lang.JoseException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void browserWithBadBearerTokenGets401NotARedirect() {
        forwarded(HOST, "/").header("Accept", HTML).header("Authorization", "Bearer nope").get("/auth")
                .then().statusCode(401);
    }

    @Test
    void postNavigationGets303() {
        given().redirects().follow(false).header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", HOST)
                .header("X-Forwarded-Method", "POST").header("X-Forwarded-Uri", "/form").header("Accept", HTML)
                .get("/auth").then().statusCode(303).header("Location", startsWith("https://auth.example.test/"));
    }

    @Test
    void signInOffForApiOnlyAppGives401() {
        given().header("Accept", HTML).get("/auth/rotate").then().statusCode(401);
    }

    @Test
    void stateMismatchGetsClear400Page() {
        Callback callback = startSignIn(HOST, "/");
        Callback other = startSignIn(HOST, "/");
        forwarded(HOST, callback.uri()).header("Accept", HTML).header("Cookie", other.loginCookie()).get("/auth")
                .then().statusCode(400).contentType(containsString("text/html")).body(containsString("no longer valid"));
    }

    @Test
    void callbackWithoutLoginCookieGets400() {
        Callback callback = startSignIn(HOST, "/");
        forwarded(HOST, callback.uri()).header("Accept", HTML).get("/auth").then().statusCode(400);
    }

    @Test
    void replayedLoginCookieIsRefusedWithoutPostingToAuthentik() {
        Callback callback = startSignIn(HOST, "/");
        finish(HOST, callback).then().statusCode(302);
        int calls = FakeAuthentikResource.server().signIn().tokenCalls();
        String otherCode = callback.uri().replaceFirst("code=[^&]*", "code=made-up-by-an-attacker");
        for (String uri : List.of(callback.uri(), otherCode)) {
            Response replay = forwarded(HOST, uri).header("Accept", HTML).header("Cookie", callback.loginCookie()).get("/auth");
            assertEquals(400, replay.statusCode(), replay.asString());
            assertTrue(replay.asString().contains("already used"), replay.asString());
            assertTrue(replay.headers().getValues("Set-Cookie").stream().anyMatch(c -> c.contains("Max-Age=0")));
        }
        assertEquals(calls, FakeAuthentikResource.server().signIn().tokenCalls(), "no POST of the client secret per replay");
    }

    @Test
    void codeRejectedByAuthentikIsLoggedWithStatusAndOAuthError() {
        LogCapture.install();
        Callback callback = startSignIn(HOST, "/");
        int before = LogCapture.INSTANCE.records().size();
        String uri = callback.uri().replaceFirst("code=[^&]*", "code=not-a-real-code");
        forwarded(HOST, uri).header("Accept", HTML).header("Cookie", callback.loginCookie()).get("/auth")
                .then().statusCode(401).body(containsString("could not be completed"));
        List<String> records = LogCapture.INSTANCE.records();
        List<String> mine = records.subList(before, records.size());
        assertTrue(mine.stream().noneMatch(r -> r.contains("token-endpoint=unreachable")), mine.toString());
        assertTrue(mine.stream().anyMatch(r -> r.contains("reason=code_rejected") && r.contains("HTTP 400")
                && r.contains("error=invalid_grant")), mine.toString());
        assertTrue(mine.stream().noneMatch(r -> r.contains("grafana-secret") || r.contains("not-a-real-code")), mine.toString());
    }

    @Test
    void hugeGarbageCallbackQueryGetsAClear400WithoutAnExchange() {
        Callback callback = startSignIn(HOST, "/");
        String state = FakeSignIn.queryOf(callback.callbackUrl()).get("state");
        String garbage = "%ZZ=%E0%A4%A=&".repeat(7500);
        int calls = FakeAuthentikResource.server().signIn().tokenCalls();
        Response response = forwarded(HOST, "/.scalr-auth/callback?" + garbage + "state=" + state + "&code=x")
                .header("Accept", HTML).header("Cookie", callback.loginCookie()).get("/auth");
        assertEquals(400, response.statusCode(), response.asString());
        assertTrue(response.asString().contains("too long"), response.asString());
        assertEquals(calls, FakeAuthentikResource.server().signIn().tokenCalls());
    }

    @Test
    void malformedPairsBesideTheRealOnesDoNotBreakSignIn() {
        Callback callback = startSignIn(HOST, "/home");
        String uri = callback.uri().replace("?", "?%ZZ=1&x=%E0%A4%A&&=&");
        forwarded(HOST, uri).header("Accept", HTML).header("Cookie", callback.loginCookie()).get("/auth")
                .then().statusCode(302).header("Location", "https://grafana.example.test/home");
    }

    @Test
    void authentikAccessDeniedGetsReadable403() {
        Callback callback = startSignIn(HOST, "/");
        String state = FakeSignIn.queryOf(callback.callbackUrl()).get("state");
        forwarded(HOST, "/.scalr-auth/callback?error=access_denied&state=" + state).header("Cookie", callback.loginCookie())
                .get("/auth").then().statusCode(403).body(containsString("did not allow you"));
    }

    @ParameterizedTest(name = "return to {0} stays on the app's host")
    @ValueSource(strings = {"//evil.example/x", "/\\evil.example", "/%5Cevil.example", "/%2F%2Fevil.example",
            "https://evil.example/", "/\r\nSet-Cookie:x=y"})
    void openRedirectAttemptsLandOnAppRoot(String uri) {
        Response done = finish(HOST, startSignIn(HOST, uri));
        assertEquals(302, done.statusCode());
        assertEquals("https://grafana.example.test/", done.header("Location"));
    }

    @ParameterizedTest(name = "callback query {0} -> clear 4xx")
    @ValueSource(strings = {"", "?state=a%3Bb%3Dc&code=x", "?state=" + "x;y", "?code=x&state=%ZZ", "?error=%0d%0aX:y",
            "?state=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA&code=x", "?error=server_error&state=<script>"})
    void garbageCallbackGetsAClear4xx(String query) {
        Response response = forwarded(HOST, "/.scalr-auth/callback" + query).header("Accept", HTML)
                .header("Cookie", "__Host-scalr_login_grafana=garbage").get("/auth");
        assertTrue(response.statusCode() >= 400 && response.statusCode() < 500, response.statusCode() + response.asString());
        assertTrue(!response.asString().contains("<script>"), response.asString());
    }

    @Test
    void tamperedSessionCookieIsNoSession() {
        String session = sessionCookie(finish(HOST, startSignIn(HOST, "/")));
        // A character in the middle: the last one may hold only padding bits a decoder ignores.
        int middle = session.indexOf('=') + (session.length() - session.indexOf('=')) / 2;
        char original = session.charAt(middle);
        String tampered = session.substring(0, middle) + (original == 'A' ? 'B' : 'A') + session.substring(middle + 1);
        forwarded(HOST, "/").header("Accept", HTML).header("Cookie", tampered).get("/auth").then().statusCode(302);
        forwarded(HOST, "/").header("Cookie", tampered).get("/auth").then().statusCode(401);
    }

    @Test
    void cookieOfOneAppIsNoSessionForAnother() {
        String session = sessionCookie(finish(HOST, startSignIn(HOST, "/")));
        String value = session.substring(session.indexOf('=') + 1);
        forwarded("wiki.example.test", "/").header("Cookie", "__Host-scalr_auth_wiki=" + value).get("/auth").then().statusCode(401);
    }

    @Test
    void userOutsideAllowedGroupsGets403NeverARedirect() {
        FakeAuthentikResource.server().signIn().user("mallory", "staff");
        String session = sessionCookie(finish("wiki.example.test", startSignIn("wiki.example.test", "/")));
        forwarded("wiki.example.test", "/").header("Accept", HTML).header("Cookie", session).get("/auth")
                .then().statusCode(403);
    }

    @Test
    void expiredSessionStartsANewSignIn() {
        FakeAuthentikResource.server().signIn().idTokenLifetimeSeconds(2);
        try {
            String session = sessionCookie(finish(HOST, startSignIn(HOST, "/")));
            forwarded(HOST, "/").header("Cookie", session).get("/auth").then().statusCode(200);
            Gateway.sleep(2200);
            forwarded(HOST, "/").header("Accept", HTML).header("Cookie", session).get("/auth")
                    .then().statusCode(302).header("Location", startsWith("https://auth.example.test/"));
        } finally {
            FakeAuthentikResource.server().signIn().idTokenLifetimeSeconds(3600);
        }
    }

    @ParameterizedTest(name = "sign-out with {0}: {1} clears the cookie and goes to end-session")
    @CsvSource({"Sec-Fetch-Site, same-origin", "Sec-Fetch-Site, none", "Origin, https://grafana.example.test"})
    void sameOriginSignOutClearsCookieAndGoesToEndSession(String header, String value) {
        forwarded(HOST, "/.scalr-auth/sign_out").header(header, value).get("/auth").then().statusCode(302)
                .header("Location", "https://auth.example.test/application/o/grafana/end-session/")
                .header("Set-Cookie", startsWith("__Host-scalr_auth_grafana=;"))
                .header("Set-Cookie", containsString("Max-Age=0"));
    }

    @ParameterizedTest(name = "sign-out with {0}: {1} only shows a confirmation form")
    @CsvSource({"Sec-Fetch-Site, cross-site", "Sec-Fetch-Site, same-site", "Origin, https://evil.example",
            "Origin, null", "Origin, https://grafana.example.test.evil.example", "Origin, http://grafana.example.test",
            "X-No-Fetch-Metadata, old browser or a script"})
    void crossSiteSignOutOnlyShowsAConfirmationForm(String header, String value) {
        Response response = forwarded(HOST, "/.scalr-auth/sign_out").header(header, value).header("Accept", HTML).get("/auth");
        assertEquals(403, response.statusCode(), response.asString());
        assertTrue(response.headers().getValues("Set-Cookie").isEmpty(), response.headers().toString());
        assertTrue(response.contentType().startsWith("text/html"), response.contentType());
        assertTrue(response.asString().contains("<form method=\"post\" action=\"/.scalr-auth/sign_out\">")
                && response.asString().contains("<button type=\"submit\">"), response.asString());
    }

    @Test
    void fetchMetadataOutranksAMatchingOrigin() {
        forwarded(HOST, "/.scalr-auth/sign_out").header("Sec-Fetch-Site", "cross-site")
                .header("Origin", "https://grafana.example.test").get("/auth").then().statusCode(403);
    }

    @Test
    void confirmationFormPostSignsOut() {
        given().redirects().follow(false).header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", HOST)
                .header("X-Forwarded-Method", "POST").header("X-Forwarded-Uri", "/.scalr-auth/sign_out")
                .header("Accept", HTML).header("Sec-Fetch-Site", "same-origin").header("Origin", "https://grafana.example.test").get("/auth")
                .then().statusCode(303)
                .header("Location", "https://auth.example.test/application/o/grafana/end-session/")
                .header("Set-Cookie", startsWith("__Host-scalr_auth_grafana=;"));
    }

    @Test
    void sessionCookieWithoutTheHostPrefixIsNoSessionOverHttps() {
        // sealed under the unprefixed name by a plain-http sign-in: the shape of a cookie tossed from a sibling
        String session = sessionCookie(finish("http", HOST, startSignIn("http", HOST, "/")));
        assertTrue(session.startsWith("_scalr_auth_grafana="), session);
        forwarded("http", HOST, "/").header("Cookie", session).get("/auth").then().statusCode(200);
        forwarded(HOST, "/").header("Cookie", session).get("/auth").then().statusCode(401);
    }

    @Test
    void plainHttpKeepsTheUnprefixedNamesAndTheReservedPath() {
        Callback callback = startSignIn("http", HOST, "/");
        assertTrue(callback.loginCookie().startsWith("_scalr_login_grafana="), callback.loginCookie());
        Response done = finish("http", HOST, callback);
        assertEquals(302, done.statusCode(), done.asString());
        assertTrue(done.headers().getValues("Set-Cookie").stream()
                .anyMatch(c -> c.startsWith("_scalr_login_grafana=") && c.contains("Path=/.scalr-auth/")));
    }

    @Test
    void unknownReservedPathIs404() {
        forwarded(HOST, "/.scalr-auth/whatever").get("/auth").then().statusCode(404);
    }

    @Test
    void plainHttpSessionCookieIsNotSecure() {
        Response signIn = given().redirects().follow(false).header("X-Forwarded-Proto", "http")
                .header("X-Forwarded-Host", HOST).header("X-Forwarded-Uri", "/").header("Accept", HTML).get("/auth");
        assertEquals(302, signIn.statusCode());
        assertTrue(!signIn.header("Set-Cookie").contains("Secure"));
        assertTrue(FakeSignIn.queryOf(signIn.header("Location")).get("redirect_uri").startsWith("http://grafana.example.test/"));
        RestAssured.reset();
    }
}
