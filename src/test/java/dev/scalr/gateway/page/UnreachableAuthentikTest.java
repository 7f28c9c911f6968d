package dev.scalr.gateway.page;

import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.dev.authentik.FakeSignIn;
import dev.scalr.gateway.support.PackagedGateway;
import dev.scalr.gateway.web.AuthListener;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.scalr.gateway.signin.SignInFlowTest.HTML;
import static dev.scalr.gateway.signin.SignInFlowTest.forwarded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Authentik's back channel cannot be reached when the browser comes back: 503 and a page saying so, not "sign-in failed". */
@QuarkusTest
@WithTestResource(UnreachableAuthentikTest.ClosedBackChannel.class)
class UnreachableAuthentikTest {

    /** The stand-in's settings, with the internal host on a port nothing listens on. */
    public static class ClosedBackChannel extends FakeAuthentikResource {
        @Override
        protected Map<String, String> extraConfig() {
            try {
                return Map.of("authentik.internal-host", "http://127.0.0.1:" + PackagedGateway.freePort());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    @Inject
    AuthListener listener;

    @BeforeEach
    void port() {
        RestAssured.port = listener.port();
    }

    @Test
    void callbackWhileAuthentikIsUnreachableGets503Page() {
        Response start = forwarded("grafana.example.test", "/").header("Accept", HTML).get("/auth");
        assertEquals(302, start.statusCode(), start.asString());
        String state = FakeSignIn.queryOf(start.header("Location")).get("state");
        String login = start.header("Set-Cookie").split(";")[0];
        Response callback = forwarded("grafana.example.test", "/.scalr-auth/callback?code=c0de&state=" + state)
                .header("Accept", HTML).header("Cookie", login).get("/auth");
        PagesForPeopleTest.assertIsAPage(callback, 503);
        assertTrue(callback.asString().contains("could not be reached"), callback.asString());
        Response program = forwarded("grafana.example.test", "/.scalr-auth/callback?code=c0de&state=" + state)
                .header("Accept", "application/json").header("Cookie", login).get("/auth");
        assertTrue(program.statusCode() >= 400 && program.statusCode() < 600 && program.contentType().contains("json"),
                program.statusCode() + " " + program.contentType());
    }
}
