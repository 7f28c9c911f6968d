package dev.scalr.gateway.signin;

import dev.scalr.gateway.dev.authentik.FakeAuthentik;
import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.web.AuthListener;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.scalr.gateway.signin.SignInFlowTest.finish;
import static dev.scalr.gateway.signin.SignInFlowTest.startSignIn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A gateway that started before Authentik served its keys (the normal compose up of the whole stack): the
 * first callback waits for the key fetch instead of failing with id_token_no_keys after spending the code.
 */
@QuarkusTest
@WithTestResource(SignInWhileKeysLoadTest.KeysDownAtStart.class)
class SignInWhileKeysLoadTest {

    public static class KeysDownAtStart extends FakeAuthentikResource {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = super.start();
            server().jwksUnavailable("grafana", true);
            server().jwksUnavailable("wiki", true);
            return config;
        }

        @Override
        protected Map<String, String> extraConfig() {
            return Map.of("gateway.keys.fetch-timeout", "2S");
        }
    }

    @Inject
    AuthListener listener;

    @BeforeEach
    void port() {
        RestAssured.port = listener.port();
    }

    static FakeAuthentik authentik() {
        return FakeAuthentikResource.server();
    }

    @Test
    void callbackWaitsForKeysThatArriveAfterTheCodeExchange() {
        SignInFlowTest.Callback callback = startSignIn("grafana.example.test", "/after-restart");
        // Authentik has come up since the sign-in began; the gateway has not fetched its keys yet.
        authentik().jwksUnavailable("grafana", false);
        Response done = finish("grafana.example.test", callback);
        assertEquals(302, done.statusCode(), done.asString());
        assertEquals("https://grafana.example.test/after-restart", done.header("Location"));
        assertTrue(SignInFlowTest.sessionCookie(done).startsWith("__Host-scalr_auth_grafana="));
    }

    @Test
    void callbackTriesAFetchAndAnswersACleanPageWhenKeysStayAway() {
        SignInFlowTest.Callback callback = startSignIn("wiki.example.test", "/");
        int fetches = authentik().fetches("wiki");
        Response done = finish("wiki.example.test", callback);
        assertEquals(401, done.statusCode(), done.asString());
        assertTrue(done.asString().contains("could not be completed"), done.asString());
        assertTrue(authentik().fetches("wiki") > fetches, "the callback asked for the keys before giving up");
    }
}
