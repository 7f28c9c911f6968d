package dev.scalr.gateway.decision;

import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.session.SealedSessions;
import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.LogCapture;
import dev.scalr.gateway.token.Identity;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decision line names the rule that decided (rule=N, rule=default for the app's own groups and public paths,
 * rule=strictest for an unreadable path), so an operator reading "forbidden" or "sign-in" knows which rule to look at.
 */
class RuleInDecisionLogTest {

    private static final SigningKey KEY = SigningKey.rsa();
    private static final String WIKI = "wiki.example.test";
    private static DecisionWiring wiring;

    @BeforeAll
    static void wire() throws Exception {
        wiring = new DecisionWiring(Map.ofEntries(
                Map.entry("gateway.apps.wiki.client-id", "wiki-client"),
                Map.entry("gateway.apps.wiki.allowed-groups", "staff"),
                Map.entry("gateway.apps.wiki.public-paths", "/assets/"),
                Map.entry("gateway.apps.wiki.rules[0].paths", "/status/**"),
                Map.entry("gateway.apps.wiki.rules[0].policy", "public"),
                Map.entry("gateway.apps.wiki.rules[1].paths", "/internal/**"),
                Map.entry("gateway.apps.wiki.rules[1].methods", "DELETE"),
                Map.entry("gateway.apps.wiki.rules[1].policy", "deny"),
                Map.entry("gateway.apps.wiki.rules[2].paths", "/admin/**"),
                Map.entry("gateway.apps.wiki.rules[2].policy", "groups"),
                Map.entry("gateway.apps.wiki.rules[2].groups", "admins"),
                Map.entry("gateway.apps.wiki.rules[3].paths", "/settings/**"),
                Map.entry("gateway.apps.wiki.rules[3].policy", "authenticated"),
                Map.entry("gateway.apps.wiki.rules[3].max-age", "15M")),
                FakeAuthentikResource.randomKey(), KEY, List.of("wiki"));
        LogCapture.install();
        // allows are logged at DEBUG unless gateway.log.allow-level says otherwise
        DecisionLog.levels(Logger.Level.INFO, Logger.Level.INFO);
    }

    @AfterAll
    static void stop() {
        DecisionLog.levels(Logger.Level.DEBUG, Logger.Level.INFO);
        LogCapture.uninstall();
        if (wiring != null) {
            wiring.close();
        }
    }

    @ParameterizedTest(name = "{0} {1} by {2} -> {3} rule={4}")
    @CsvSource(delimiter = '|', textBlock = """
            GET    | /status/health   | nobody          | allow        | 0
            DELETE | /internal/jobs   | a staff token   | forbidden    | 1
            GET    | /admin/users     | a staff token   | forbidden    | 2
            GET    | /admin/users     | an admins token | allow        | 2
            GET    | /settings/keys   | an old token    | unauthorized | 3
            GET    | /settings/keys   | an old session  | sign-in      | 3
            GET    | /settings/keys   | nobody          | sign-in      | 3
            GET    | /pages/home      | an admins token | forbidden    | default
            GET    | /assets/app.css  | nobody          | allow        | default
            DELETE | /x/..%2finternal | a staff token   | forbidden    | strictest
            """)
    void decisionLineNamesTheRule(String method, String path, String who, String outcome, String rule) throws Exception {
        ForwardedRequest request = new ForwardedRequest(method, "https", WIKI, null, path, path, "203.0.113.7",
                who.endsWith("token") ? Optional.of("Bearer " + token(who)) : Optional.empty(),
                who.endsWith("session") ? Optional.of(session()) : Optional.empty(), "text/html", false);
        Decision decision = wiring.decisions.decide(request, null).toCompletableFuture().get(10, TimeUnit.SECONDS);
        int before = LogCapture.INSTANCE.records().size();

        DecisionLog.log(request, decision);

        List<String> records = LogCapture.INSTANCE.records();
        List<String> lines = records.subList(before, records.size()).stream()
                .filter(r -> r.contains("decision app=wiki method=" + method + " ") && r.contains(" path=" + path + " "))
                .toList();
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(lines.get(0).contains(" outcome=" + outcome + " "), lines.get(0));
        assertTrue(lines.get(0).contains(" rule=" + rule + " "), lines.get(0));
    }

    private static String token(String who) {
        long signedIn = Instant.now().getEpochSecond() - (who.contains("old") ? 3600 : 10);
        return Tokens.forApp("wiki", "wiki-client").groups(who.contains("admins") ? "admins" : "staff")
                .claim("amr", List.of("pwd")).claim("auth_time", signedIn).sign(KEY);
    }

    private static String session() {
        Identity carol = new Identity("sub-3", "carol", "carol@example.test", "Carol", List.of("staff"),
                Instant.now().plusSeconds(3600), List.of(), List.of("pwd"), Instant.now().getEpochSecond() - 3600);
        return SealedSessions.cookie(wiring.cookies, wiring.apps.bySlug("wiki").orElseThrow(), carol);
    }
}
