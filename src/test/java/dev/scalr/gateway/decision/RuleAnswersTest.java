package dev.scalr.gateway.decision;

import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.support.FakeAuthentikResource;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an API client reads of a rule's answer, over HTTP: a missing second factor or a too-old sign-in is a 401 in
 * RFC 9470's words (error="insufficient_user_authentication", max_age when the rule has one), so a client knows to
 * get a new token from a stronger or newer sign-in; a deny or a missing group is a 403 with its reason.
 */
class RuleAnswersTest {

    private static final SigningKey KEY = SigningKey.rsa();
    private static DecisionWiring wiring;
    private static Vertx vertx;
    private static HttpServer server;
    /** The decision the server answers next: one test at a time. */
    private static volatile Decision next;

    @BeforeAll
    static void start() throws Exception {
        wiring = new DecisionWiring(Map.ofEntries(
                Map.entry("gateway.apps.wiki.client-id", "wiki-client"),
                Map.entry("gateway.apps.wiki.rules[0].paths", "/billing/**"),
                Map.entry("gateway.apps.wiki.rules[0].policy", "authenticated"),
                Map.entry("gateway.apps.wiki.rules[0].mfa", "true"),
                Map.entry("gateway.apps.wiki.rules[1].paths", "/settings/**"),
                Map.entry("gateway.apps.wiki.rules[1].policy", "authenticated"),
                Map.entry("gateway.apps.wiki.rules[1].max-age", "15M"),
                Map.entry("gateway.apps.wiki.rules[2].paths", "/internal/**"),
                Map.entry("gateway.apps.wiki.rules[2].policy", "deny"),
                Map.entry("gateway.apps.wiki.rules[3].paths", "/admin/**"),
                Map.entry("gateway.apps.wiki.rules[3].policy", "groups"),
                Map.entry("gateway.apps.wiki.rules[3].groups", "admins")),
                FakeAuthentikResource.randomKey(), KEY, List.of("wiki"));
        vertx = Vertx.vertx();
        // only JSON answers here (no request given): the pages and identity headers are not needed
        DecisionResponder responder = new DecisionResponder(null, null, null);
        server = vertx.createHttpServer().requestHandler(request -> responder.respond(next, null, request.response()))
                .listen(0).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() {
        if (vertx != null) {
            vertx.close();
        }
        if (wiring != null) {
            wiring.close();
        }
    }

    @Test
    void tokenWithoutSecondFactorIsToldToSignInWithOne() throws Exception {
        HttpResponse<String> answer = answer("/billing/invoices", token("pwd", 60, "staff"));

        assertEquals(401, answer.statusCode(), answer.body());
        assertEquals("Bearer realm=\"wiki\", error=\"insufficient_user_authentication\", error_description=\"this page"
                + " needs a sign-in with a second factor\"", challenge(answer));
        assertTrue(answer.body().contains("\"reason\":\"mfa_required\""), answer.body());
    }

    @Test
    void tokenFromAnOldSignInIsToldTheMaxAge() throws Exception {
        HttpResponse<String> answer = answer("/settings/keys", token("pwd mfa", 3600, "staff"));

        assertEquals(401, answer.statusCode(), answer.body());
        assertEquals("Bearer realm=\"wiki\", error=\"insufficient_user_authentication\", error_description=\"this page"
                + " needs a sign-in within the last 15 minutes\", max_age=\"900\"", challenge(answer));
        assertTrue(answer.body().contains("\"reason\":\"sign_in_too_old\""), answer.body());
    }

    @Test
    void denyingRuleIsForbidden() throws Exception {
        HttpResponse<String> answer = answer("/internal/jobs", token("pwd mfa", 10, "admins"));

        assertEquals(403, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("\"reason\":\"rule_denied\""), answer.body());
    }

    @Test
    void missingGroupOfARuleIsForbidden() throws Exception {
        HttpResponse<String> answer = answer("/admin/users", token("pwd mfa", 10, "staff"));

        assertEquals(403, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("\"reason\":\"group_not_allowed\""), answer.body());
        assertTrue(challenge(answer).contains("error=\"insufficient_scope\""), challenge(answer));
    }

    private static String token(String amr, long secondsAgo, String group) {
        return Tokens.forApp("wiki", "wiki-client").groups(group).claim("amr", List.of(amr.split(" ")))
                .claim("auth_time", Instant.now().getEpochSecond() - secondsAgo).sign(KEY);
    }

    private static HttpResponse<String> answer(String path, String token) throws Exception {
        ForwardedRequest request = new ForwardedRequest("GET", "https", "wiki.example.test", null, path, path,
                "203.0.113.7", Optional.of("Bearer " + token), Optional.empty(), "application/json", false);
        next = wiring.decisions.decide(request, null).toCompletableFuture().get(10, TimeUnit.SECONDS);
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + server.actualPort() + "/auth")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String challenge(HttpResponse<String> answer) {
        return answer.headers().firstValue("WWW-Authenticate").orElse("(none)");
    }
}
