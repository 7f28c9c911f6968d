package dev.scalr.gateway.web;

import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.Gateway;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.jose4j.keys.HmacKey;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static dev.scalr.gateway.support.FakeAuthentikResource.EC;
import static dev.scalr.gateway.support.FakeAuthentikResource.SHARED;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** The decision table of issue 2: every token case against a real local JWKS server. */
@QuarkusTest
@WithTestResource(FakeAuthentikResource.class)
class ForwardAuthDecisionTest {

    private static final String GRAFANA = "grafana.example.test";

    @Inject
    AuthListener listener;

    @BeforeEach
    void keysLoaded() {
        Gateway.awaitReady();
        // Traefik calls the dedicated listener (gateway.listener.port); the main port serves the same handler.
        RestAssured.port = listener.port();
    }

    static Tokens grafana() {
        return Tokens.forApp("grafana", "grafana-client");
    }

    static Stream<Arguments> tokens() {
        String valid = grafana().sign(SHARED);
        String[] parts = valid.split("\\.");
        String tamperedPayload = parts[0] + "." + Tokens.b64(grafana().username("root").claimsJson()) + "." + parts[2];
        byte[] rsaPublicBytes = SHARED.jwk().getPublicKey().getEncoded();
        return Stream.of(
                Arguments.of("valid RS256 token", GRAFANA, valid, 200, "valid_token"),
                Arguments.of("valid ES256 token", "ecapp.example.test",
                        Tokens.forApp("ecapp", null).sign(EC), 200, "valid_token"),
                Arguments.of("expired token", GRAFANA, grafana().expiresInSeconds(-120).sign(SHARED), 401, "expired"),
                Arguments.of("token not yet valid", GRAFANA, grafana().notBeforeInSeconds(600).sign(SHARED), 401, "not_yet_valid"),
                Arguments.of("token without exp", GRAFANA, grafana().withoutExpiry().sign(SHARED), 401, "missing_claim"),
                Arguments.of("wrong issuer", GRAFANA,
                        grafana().issuer("https://evil.example/application/o/grafana/").sign(SHARED), 401, "wrong_issuer"),
                Arguments.of("legacy internal issuer", GRAFANA,
                        grafana().issuer("http://localhost:9000/application/o/grafana/").sign(SHARED), 401, "wrong_issuer"),
                Arguments.of("issuer without trailing slash", GRAFANA,
                        grafana().issuer(Tokens.PUBLIC_AUTHENTIK + "/application/o/grafana").sign(SHARED), 401, "wrong_issuer"),
                Arguments.of("wrong audience", GRAFANA, grafana().audience("other-client").sign(SHARED), 401, "wrong_audience"),
                Arguments.of("alg none", GRAFANA, grafana().unsigned(), 401, "algorithm_not_allowed"),
                Arguments.of("HS256 signed with the RSA public key (algorithm confusion)", GRAFANA,
                        grafana().signWith(new HmacKey(rsaPublicBytes), "HS256", SHARED.kid()), 401, "algorithm_not_allowed"),
                Arguments.of("tampered payload", GRAFANA, tamperedPayload, 401, "bad_signature"),
                Arguments.of("signed by a stranger's key with a known kid", GRAFANA,
                        grafana().kid(SHARED.kid()).sign(SigningKey.rsa()), 401, "bad_signature"),
                Arguments.of("token of wiki presented to grafana (shared key)", GRAFANA,
                        Tokens.forApp("wiki", "wiki-client").sign(SHARED), 401, "wrong_issuer"),
                Arguments.of("garbage", GRAFANA, "not-a-token", 401, "malformed"),
                Arguments.of("truncated token", GRAFANA, valid.substring(0, valid.lastIndexOf('.')), 401, "malformed"),
                Arguments.of("wrong base64 in header", GRAFANA, "%%%." + parts[1] + "." + parts[2], 401, "malformed"),
                Arguments.of("header JSON that is not an object", GRAFANA,
                        Tokens.b64("[1,2]") + "." + parts[1] + "." + parts[2], 401, "malformed"),
                Arguments.of("payload JSON that is not an object", GRAFANA,
                        parts[0] + "." + Tokens.b64("\"x\"") + "." + parts[2], 401, "malformed"),
                Arguments.of("five-part JWE", GRAFANA, "a.b.c.d.e", 401, "encrypted"),
                Arguments.of("token over the size bound", GRAFANA, "a".repeat(20_000), 401, "token_too_large"));
    }

    @ParameterizedTest(name = "{0} -> {3} {4}")
    @MethodSource("tokens")
    void decidesByToken(String name, String host, String token, int status, String reason) {
        Response response = given().header("X-Forwarded-Host", host).header("X-Forwarded-Uri", "/dashboard")
                .header("Authorization", "Bearer " + token).get("/auth");
        response.then().statusCode(status).body(not(containsString(token.length() > 20 ? token.substring(0, 20) : "\u0000")));
        if (status == 200) {
            response.then().header("X-authentik-username", "alice");
        } else {
            response.then().body("reason", equalTo(reason))
                    .header("WWW-Authenticate", containsString("error=\"invalid_token\""));
        }
    }

    @Test
    void validTokenYieldsAuthentikOutpostHeaders() {
        String token = grafana().sign(SHARED);
        given().header("X-Forwarded-Host", GRAFANA).header("Authorization", "bEaReR " + token)
                .get("/auth")
                .then().statusCode(200)
                .header("X-authentik-username", "alice")
                .header("X-authentik-groups", "admins|staff")
                .header("X-authentik-email", "alice@example.test")
                .header("X-authentik-name", "Alice Example")
                .header("X-authentik-uid", "b3c1f0d7e1a2grafana")
                .header("X-authentik-jwt", token); // as the outpost does (gateway.headers.forward-token)
    }

    @Test
    void appIsChosenByPathSlug() {
        given().header("Authorization", "Bearer " + grafana().sign(SHARED)).get("/auth/grafana")
                .then().statusCode(200).header("X-authentik-username", "alice");
    }

    @Test
    void appIsChosenByExtraHostIgnoringPortAndCase() {
        String token = Tokens.forApp("wiki", "wiki-client").sign(SHARED);
        given().header("X-Forwarded-Host", "Docs.Example.ORG:8443").header("Authorization", "Bearer " + token)
                .get("/auth").then().statusCode(200);
    }

    @Test
    void undeclaredHostIsRefusedNamingTheHost() {
        given().header("X-Forwarded-Host", "intruder.example.test").header("Authorization", "Bearer " + grafana().sign(SHARED))
                .get("/auth").then().statusCode(403).body("reason", equalTo("undeclared_app"))
                .body("detail", containsString("intruder.example.test"));
    }

    @Test
    void missingForwardedHostIsRefused() {
        given().get("/auth").then().statusCode(403).body("reason", equalTo("undeclared_app"));
    }

    @Test
    void missingTokenGetsBearerChallengeWithoutError() {
        given().header("X-Forwarded-Host", GRAFANA).get("/auth")
                .then().statusCode(401).header("WWW-Authenticate", "Bearer realm=\"grafana\"")
                .contentType("application/problem+json").body("reason", equalTo("missing_token"));
    }

    @Test
    void basicCredentialIsNotABearerToken() {
        given().header("X-Forwarded-Host", GRAFANA).header("Authorization", "Basic YWxpY2U6c2VjcmV0")
                .get("/auth").then().statusCode(401).body("reason", equalTo("missing_token"));
    }

    @Test
    void userOutsideAllowedGroupsIsForbidden() {
        String token = Tokens.forApp("wiki", "wiki-client").groups("staff").sign(SHARED);
        given().header("X-Forwarded-Host", "wiki.example.test").header("Authorization", "Bearer " + token)
                .get("/auth").then().statusCode(403).body("reason", equalTo("group_not_allowed"))
                .header("WWW-Authenticate", containsString("error=\"insufficient_scope\""));
    }

    @Test
    void userInOneAllowedGroupPasses() {
        String token = Tokens.forApp("wiki", "wiki-client").groups("editors").sign(SHARED);
        given().header("X-Forwarded-Host", "wiki.example.test").header("Authorization", "Bearer " + token)
                .get("/auth").then().statusCode(200).header("X-authentik-groups", "editors");
    }

    @ParameterizedTest(name = "public path {0} -> {1}")
    @MethodSource("publicPaths")
    void publicPathsPassWithoutTokenOnlyWhenPlain(String uri, int status) {
        given().header("X-Forwarded-Host", "wiki.example.test").header("X-Forwarded-Uri", uri)
                .get("/auth").then().statusCode(status);
    }

    static Stream<Arguments> publicPaths() {
        return Stream.of(
                Arguments.of("/static/app.css", 200),
                Arguments.of("/static/app.css?v=3", 200),
                Arguments.of("/healthz", 200),
                Arguments.of("/healthz/deep", 200),
                Arguments.of("/healthzz", 401),
                Arguments.of("/admin", 401),
                Arguments.of("/static/../admin", 401),
                Arguments.of("/static/%2e%2e/admin", 401),
                Arguments.of("/static/..%2fadmin", 401),
                Arguments.of("/static\\..\\admin", 401),
                Arguments.of("/static/%252e%252e/admin", 401),
                Arguments.of("/static/..%3b/admin", 401));
    }

    @Test
    void publicPathEmitsEmptyIdentityHeaders() {
        given().header("X-Forwarded-Host", "wiki.example.test").header("X-Forwarded-Uri", "/static/x.js")
                .header("X-authentik-username", "spoofed")
                .get("/auth").then().statusCode(200).header("X-authentik-username", "");
    }

    @Test
    void anyMethodIsAccepted() {
        String token = grafana().sign(SHARED);
        for (String method : new String[] {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"}) {
            given().header("X-Forwarded-Host", GRAFANA).header("Authorization", "Bearer " + token)
                    .request(method, "/auth").then().statusCode(200);
        }
    }

    @Test
    void hundredKilobyteHeaderGetsClean401() {
        String huge = "x".repeat(100 * 1024);
        Response response = given().header("X-Forwarded-Host", GRAFANA).header("Authorization", "Bearer " + huge).get("/auth");
        assertEquals(401, response.statusCode());
        assertEquals("token_too_large", response.jsonPath().getString("reason"));
    }

    @Test
    void unparsableForwardedHostIsRefusedNot500() {
        given().header("X-Forwarded-Host", "bad host/../\u00e9").get("/auth").then().statusCode(403);
        given().header("X-Forwarded-Host", ":::").header("X-Forwarded-Uri", "").get("/auth").then().statusCode(403);
    }

    @Test
    void problemBodyRevealsNoTokenContents() {
        String token = grafana().expiresInSeconds(-300).sign(SHARED);
        String body = given().header("X-Forwarded-Host", GRAFANA).header("Authorization", "Bearer " + token)
                .get("/auth").then().statusCode(401).extract().asString();
        assertFalse(body.contains("alice"), body);
        assertFalse(body.contains(token.split("\\.")[1]), body);
    }
}
