package dev.scalr.gateway.dev.authentik;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Authentik stand-in's tokens say when and how the person signed in (auth_time, amr), as Authentik's
 * providers/oauth2/id_token.py does, and its authorize endpoint asks for a new sign-in on prompt=login and on a
 * max_age the last sign-in is older than (providers/oauth2/views/authorize.py): what access rules with mfa and
 * max-age rely on.
 */
class StandInStepUpTest {

    private static final String CLIENT = "app-client";
    private static final String CALLBACK = "https://app.example.test/.scalr-auth/callback";
    private static final String VERIFIER = "a-verifier-long-enough-for-pkce-0123456789abcdef";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private FakeAuthentik authentik;

    @BeforeEach
    void start() {
        authentik = new FakeAuthentik();
        authentik.signIn().client("app", CLIENT, null, SigningKey.rsa());
        authentik.start();
    }

    @AfterEach
    void stop() {
        authentik.stop();
    }

    @Test
    void tokensCarryAuthTimeAndPasswordAsTheMethod() throws Exception {
        long before = Instant.now().getEpochSecond();
        authentik.signIn().signedIn(0, false);
        Map<String, Object> id = claims(exchange(code(authorize(""), null)), "id_token");
        Map<String, Object> access = claims(exchange(code(authorize(""), null)), "access_token");
        for (Map<String, Object> token : List.of(id, access)) {
            assertEquals(List.of("pwd"), token.get("amr"));
            long authTime = ((Number) token.get("auth_time")).longValue();
            assertTrue(authTime >= before && authTime <= Instant.now().getEpochSecond(), token::toString);
        }
    }

    @Test
    void anEarlierSignInIsWhatEveryTokenSaysUntilANewOneIsAskedFor() throws Exception {
        authentik.signIn().signedIn(600, true);
        long expected = Instant.now().getEpochSecond() - 600;
        Map<String, Object> id = claims(exchange(code(authorize(""), null)), "id_token");
        assertTrue(Math.abs(((Number) id.get("auth_time")).longValue() - expected) <= 1, id::toString);
        assertEquals(List.of("pwd", "mfa"), id.get("amr"));
        assertEquals(0, authentik.signIn().reauthentications());
    }

    @Test
    void promptLoginSignsInAgainWithTheSecondFactorWhenThePersonUsesOne() throws Exception {
        authentik.signIn().signedIn(600, false);
        authentik.signIn().mfa(true);
        Map<String, Object> id = claims(exchange(code(authorize("&prompt=login"), null)), "id_token");
        assertEquals(1, authentik.signIn().reauthentications());
        assertEquals(List.of("pwd", "mfa"), id.get("amr"));
        assertTrue(Instant.now().getEpochSecond() - ((Number) id.get("auth_time")).longValue() <= 1, id::toString);
    }

    @Test
    void maxAgeSignsInAgainOnlyWhenTheLastSignInIsOlder() throws Exception {
        authentik.signIn().signedIn(600, false);
        Map<String, Object> young = claims(exchange(code(authorize("&max_age=900"), null)), "id_token");
        assertEquals(0, authentik.signIn().reauthentications());
        assertTrue(Instant.now().getEpochSecond() - ((Number) young.get("auth_time")).longValue() >= 599);

        Map<String, Object> renewed = claims(exchange(code(authorize("&max_age=300"), null)), "id_token");
        assertEquals(1, authentik.signIn().reauthentications());
        assertTrue(Instant.now().getEpochSecond() - ((Number) renewed.get("auth_time")).longValue() <= 1);
        assertEquals(List.of("pwd"), renewed.get("amr"));
    }

    @Test
    void refreshedTokensKeepTheSignInTheyCameFrom() throws Exception {
        authentik.signIn().signedIn(600, true);
        Map<String, Object> first = JSON.readValue(exchange(code(authorize("").replace("scope=openid",
                "scope=openid+offline_access"), null)), Map.class);
        String refresh = (String) first.get("refresh_token");
        assertNotNull(refresh, first::toString);
        authentik.signIn().signedIn(0, false); // a later sign-in elsewhere does not change this grant's tokens
        HttpResponse<String> refreshed = post("/application/o/token/", "grant_type=refresh_token&client_id=" + CLIENT
                + "&refresh_token=" + refresh, null);
        assertEquals(200, refreshed.statusCode(), refreshed::body);
        Map<String, Object> id = claims(refreshed.body(), "id_token");
        assertEquals(claims(JSON.writeValueAsString(first), "id_token").get("auth_time"), id.get("auth_time"));
        assertEquals(List.of("pwd", "mfa"), id.get("amr"));
    }

    @Test
    void theFormRemembersItsSignInUntilPromptLoginOrEndSession() throws Exception {
        authentik.signIn().account("dana", "pw", List.of("staff"), "dana@example.test");
        authentik.signIn().loginForm(true);
        String query = authorize("").substring(authorize("").indexOf('?') + 1);

        HttpResponse<String> form = get(authorize(""), null);
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("name=\"otp\""), form.body());
        HttpResponse<String> badCode = post("/application/o/authorize/", signInForm(query, "12ab"), null);
        assertEquals(401, badCode.statusCode());
        assertTrue(badCode.body().contains("A one-time code has six digits."), badCode.body());

        HttpResponse<String> signedIn = post("/application/o/authorize/", signInForm(query, "123456"), null);
        assertEquals(302, signedIn.statusCode(), signedIn::body);
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        assertTrue(cookie.startsWith("authentik_session="), cookie);
        Map<String, Object> id = claims(exchange(code(signedIn)), "id_token");
        assertEquals(List.of("pwd", "mfa"), id.get("amr"));
        assertEquals("dana", id.get("preferred_username"));

        HttpResponse<String> again = get(authorize(""), cookie);
        assertEquals(302, again.statusCode(), "the stand-in's own session signs in without the form");
        assertEquals(id.get("auth_time"), claims(exchange(code(again)), "id_token").get("auth_time"));

        HttpResponse<String> prompted = get(authorize("&prompt=login"), cookie);
        assertEquals(200, prompted.statusCode(), "prompt=login shows the form even with a session");
        assertTrue(prompted.body().contains("name=\"password\""));

        HttpResponse<String> ended = get("/application/o/app/end-session/", cookie);
        assertTrue(ended.headers().firstValue("Set-Cookie").orElseThrow().contains("Max-Age=0"));
        assertEquals(200, get(authorize(""), cookie).statusCode(), "after end-session the form again");
    }

    private static String signInForm(String query, String code) {
        return "query=" + Forms.enc(query) + "&username=dana&password=pw&otp=" + code;
    }

    private static String authorize(String extra) {
        return "/application/o/authorize/?response_type=code&client_id=" + CLIENT + "&redirect_uri="
                + Forms.enc(CALLBACK) + "&scope=openid&state=s&nonce=n&code_challenge=" + Forms.s256(VERIFIER)
                + "&code_challenge_method=S256" + extra;
    }

    private String code(String authorizePath, String cookie) throws Exception {
        return code(get(authorizePath, cookie));
    }

    private static String code(HttpResponse<String> authorized) {
        assertEquals(302, authorized.statusCode(), authorized::body);
        String location = authorized.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(CALLBACK + "?"), location);
        return FakeSignIn.queryOf(location).get("code");
    }

    private String exchange(String code) throws Exception {
        HttpResponse<String> token = post("/application/o/token/", "grant_type=authorization_code&client_id=" + CLIENT
                + "&code=" + code + "&redirect_uri=" + Forms.enc(CALLBACK) + "&code_verifier=" + VERIFIER, null);
        assertEquals(200, token.statusCode(), token::body);
        return token.body();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> claims(String tokenAnswer, String which) throws Exception {
        String jwt = (String) JSON.readValue(tokenAnswer, Map.class).get(which);
        assertNotNull(jwt, tokenAnswer);
        return JSON.readValue(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8),
                Map.class);
    }

    private HttpResponse<String> get(String path, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(authentik.baseUrl() + path));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String form, String cookie) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(authentik.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (cookie != null) {
            request.header("Cookie", cookie);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
