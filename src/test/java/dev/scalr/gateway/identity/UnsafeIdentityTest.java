package dev.scalr.gateway.identity;

import dev.scalr.gateway.session.CookieSealer;
import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.Gateway;
import dev.scalr.gateway.dev.authentik.Tokens;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;

import static dev.scalr.gateway.support.FakeAuthentikResource.SHARED;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The app never sees a user the IdP did not assert: an identity value holding a control character is refused
 * (deleting it would turn "ad\u0001min" into "admin"); groups the header cannot carry exactly are left out.
 */
@QuarkusTest
@WithTestResource(FakeAuthentikResource.class)
class UnsafeIdentityTest {

    private static final String GRAFANA = "grafana.example.test";

    @BeforeEach
    void keysLoaded() {
        Gateway.awaitReady();
    }

    @ParameterizedTest(name = "{0} with a control character -> 401 unsafe_identity")
    @ValueSource(strings = {"preferred_username", "email", "name", "sub"})
    void tokenWhoseIdentityHoldsAControlCharacterIsRefused(String claim) {
        String token = Tokens.forApp("grafana", "grafana-client").claim(claim, "ad\u0001min").sign(SHARED);
        given().header("X-Forwarded-Host", GRAFANA).header("Authorization", "Bearer " + token).get("/auth")
                .then().statusCode(401).body("reason", equalTo("unsafe_identity"))
                .header("WWW-Authenticate", containsString("error=\"invalid_token\""))
                .header("X-authentik-username", (String) null);
    }

    @Test
    void usernameWithANewlineIsRefusedNotJoined() {
        String token = Tokens.forApp("grafana", "grafana-client").username("admin\r\nX-authentik-groups: admins").sign(SHARED);
        given().header("X-Forwarded-Host", GRAFANA).header("Authorization", "Bearer " + token).get("/auth")
                .then().statusCode(401).body("reason", equalTo("unsafe_identity"));
    }

    @Test
    void sessionWhoseIdentityHoldsAControlCharacterIsRefused() {
        String json = "{\"sub\":\"s-1\",\"usr\":\"ad\\u0001min\",\"em\":\"a@example.test\",\"nm\":\"A\",\"grp\":[],\"exp\":"
                + Instant.now().plusSeconds(600).getEpochSecond() + "}";
        String cookie = CookieSealer.fromBase64(List.of(FakeAuthentikResource.SESSION_KEY_NEW)).seal(json, "_scalr_auth_grafana");
        given().header("X-Forwarded-Host", GRAFANA).header("Cookie", "_scalr_auth_grafana=" + cookie).get("/auth")
                .then().statusCode(401).body("reason", equalTo("unsafe_identity"));
    }

    @Test
    void groupHoldingTheSeparatorIsLeftOutButStillCountsForAllowedGroups() {
        // wiki allows editors,admins: the real list decides, the header only carries what it can carry exactly
        String token = Tokens.forApp("wiki", "wiki-client").groups("x|admins", "editors").sign(SHARED);
        given().header("X-Forwarded-Host", "wiki.example.test").header("Authorization", "Bearer " + token).get("/auth")
                .then().statusCode(200).header("X-authentik-groups", "editors");
        String onlyPiped = Tokens.forApp("wiki", "wiki-client").groups("staff|admins").sign(SHARED);
        given().header("X-Forwarded-Host", "wiki.example.test").header("Authorization", "Bearer " + onlyPiped).get("/auth")
                .then().statusCode(403).body("reason", equalTo("group_not_allowed"));
    }

    @Test
    void nonAsciiNamesStillPass() {
        String token = Tokens.forApp("grafana", "grafana-client").claim("name", "Zo\u00eb \u00c9tienne").sign(SHARED);
        given().header("X-Forwarded-Host", GRAFANA).header("Authorization", "Bearer " + token).get("/auth")
                .then().statusCode(200);
    }
}
