package dev.scalr.gateway.decision;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.app.AppRegistry;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import dev.scalr.gateway.forward.BrowserHints;
import dev.scalr.gateway.forward.CookieJar;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.session.SealedSessions;
import dev.scalr.gateway.session.SessionCookies;
import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.token.Identity;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link DecisionService} as plain code ({@link DecisionWiring}): credential × app × path → outcome and reason. Keys
 * are generated here; the JWKS is served by the Authentik stand-in and fetched by the gateway's own fetcher. Apps:
 * grafana (sign-in, group admins, public /public/), api (tokens only, any group), wiki (sign-in, group staff, and
 * access rules: 0 public, 1 deny, 2 group admins, 3 mfa, 4 max-age 15 minutes). An app that accepts Basic is left to
 * the HTTP tests (machine/): its app-password exchange is a Quarkus REST client, which needs a running Quarkus.
 */
class DecisionTableTest {

    private static final SigningKey KEY = SigningKey.rsa();
    private static final SigningKey OTHER_KEY = SigningKey.rsa();
    private static final String SESSION_KEY = FakeAuthentikResource.randomKey();
    private static final Instant IN_AN_HOUR = Instant.now().plusSeconds(3600);
    private static final Identity ADMIN = new Identity("sub-1", "alice", "alice@example.test", "Alice", List.of("admins"), IN_AN_HOUR);
    private static final Identity STAFF = new Identity("sub-2", "bob", "bob@example.test", "Bob", List.of("staff"), IN_AN_HOUR);

    private static DecisionWiring wiring;
    private static AppRegistry apps;
    private static DecisionService decisions;
    private static SessionCookies cookies;

    @BeforeAll
    static void wire() throws Exception {
        wiring = new DecisionWiring(Map.ofEntries(
                Map.entry("gateway.apps.grafana.client-id", "grafana-client"),
                Map.entry("gateway.apps.grafana.client-secret", "grafana-secret"),
                Map.entry("gateway.apps.grafana.allowed-groups", "admins"),
                Map.entry("gateway.apps.grafana.public-paths", "/public/"),
                Map.entry("gateway.apps.api.enabled", "true"),
                Map.entry("gateway.apps.wiki.client-id", "wiki-client"),
                Map.entry("gateway.apps.wiki.client-secret", "wiki-secret"),
                Map.entry("gateway.apps.wiki.allowed-groups", "staff"),
                Map.entry("gateway.apps.wiki.rules[0].paths", "/status/**"),
                Map.entry("gateway.apps.wiki.rules[0].policy", "public"),
                Map.entry("gateway.apps.wiki.rules[1].paths", "/internal/**"),
                Map.entry("gateway.apps.wiki.rules[1].policy", "deny"),
                Map.entry("gateway.apps.wiki.rules[2].paths", "/admin/**"),
                Map.entry("gateway.apps.wiki.rules[2].policy", "groups"),
                Map.entry("gateway.apps.wiki.rules[2].groups", "admins"),
                Map.entry("gateway.apps.wiki.rules[3].paths", "/billing/**"),
                Map.entry("gateway.apps.wiki.rules[3].policy", "authenticated"),
                Map.entry("gateway.apps.wiki.rules[3].mfa", "true"),
                Map.entry("gateway.apps.wiki.rules[4].paths", "/settings/**"),
                Map.entry("gateway.apps.wiki.rules[4].policy", "authenticated"),
                Map.entry("gateway.apps.wiki.rules[4].max-age", "15M")), SESSION_KEY, KEY, List.of("grafana", "api", "wiki"));
        apps = wiring.apps;
        decisions = wiring.decisions;
        cookies = wiring.cookies;
    }

    @AfterAll
    static void stop() {
        if (wiring != null) {
            wiring.close();
        }
    }

    /**
     * One row: what the client sends, to which app and path, and what the gateway decides; shows: what the decision
     * must say (its Location, log detail, step-up), or with a leading '!' must not.
     */
    record Row(String host, String path, Credential credential, String accept, String outcome, String reason,
            List<String> shows) {
    }

    /** What the client presents, built once the apps exist. */
    interface Credential extends Function<String, Header> {
    }

    /** The Authorization and Cookie headers of a request, and whether Authorization came twice. */
    record Header(Optional<String> authorization, Optional<String> cookie, boolean repeated) {
    }

    private static final String API = "application/json";
    private static final String HTML = "text/html";

    private static Credential none() {
        return slug -> new Header(Optional.empty(), Optional.empty(), false);
    }

    private static Credential bearer(Function<String, String> token) {
        return slug -> new Header(Optional.of("Bearer " + token.apply(slug)), Optional.empty(), false);
    }

    private static Credential twoAuthorizations() {
        return slug -> new Header(Optional.of("Bearer " + Tokens.forApp(slug, null).sign(KEY)), Optional.empty(), true);
    }

    private static Credential basic(String user, Function<String, String> password) {
        return slug -> new Header(Optional.of("Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + password.apply(slug)).getBytes(StandardCharsets.UTF_8))), Optional.empty(), false);
    }

    private static Credential session(Identity identity) {
        return slug -> new Header(Optional.empty(),
                Optional.of(SealedSessions.cookie(cookies, apps.bySlug(slug).orElseThrow(), identity)), false);
    }

    /** A wiki user's sign-in: how (amr), how long ago (auth_time), and the user's groups. */
    private static Tokens wikiToken(String amr, long secondsAgo, String... groups) {
        return Tokens.forApp("wiki", "wiki-client").groups(groups).claim("amr", List.of(amr.split(" ")))
                .claim("auth_time", Instant.now().getEpochSecond() - secondsAgo);
    }

    private static Credential wikiSession(String amr, long secondsAgo) {
        return session(new Identity("sub-3", "carol", "carol@example.test", "Carol", List.of("staff"), IN_AN_HOUR,
                List.of(), List.of(amr.split(" ")), Instant.now().getEpochSecond() - secondsAgo));
    }

    private static Arguments row(String name, String host, String path, Credential credential, String accept,
            String outcome, String reason, String... shows) {
        return Arguments.of(name, new Row(host, path, credential, accept, outcome, reason, List.of(shows)));
    }

    static Stream<Arguments> table() {
        String grafana = "grafana.example.test";
        String api = "api.example.test";
        String wiki = "wiki.example.test";
        return Stream.of(
                row("a host no app declares", "unknown.example.test", "/", none(), API, "forbidden", "undeclared_app"),
                row("a public path without a credential", grafana, "/public/logo.png", none(), HTML, "allow", "public_path"),
                row("a public prefix escaped by a dot segment", grafana, "/public/../admin", none(), API,
                        "unauthorized", "missing_token"),
                row("an API call without a credential", api, "/v1/items", none(), API, "unauthorized", "missing_token"),
                row("a browser navigation without a credential, app with sign-in", grafana, "/dashboards", none(), HTML,
                        "sign-in", "sign-in"),
                row("a browser navigation without a credential, app without sign-in", api, "/", none(), HTML,
                        "unauthorized", "missing_token"),
                row("a valid token, app open to any group", api, "/v1/items",
                        bearer(slug -> Tokens.forApp(slug, null).groups("staff").sign(KEY)), API, "allow", "valid_token"),
                row("a valid token in the allowed group", grafana, "/api/health",
                        bearer(slug -> Tokens.forApp(slug, "grafana-client").groups("admins").sign(KEY)), API, "allow",
                        "valid_token"),
                row("a valid token outside the allowed groups", grafana, "/api/health",
                        bearer(slug -> Tokens.forApp(slug, "grafana-client").groups("staff").sign(KEY)), API, "forbidden",
                        "group_not_allowed"),
                row("a token of the app's issuer for another client", grafana, "/api/health",
                        bearer(slug -> Tokens.forApp(slug, "wiki-client").groups("admins").sign(KEY)), API, "unauthorized",
                        "wrong_audience"),
                row("an expired token", api, "/v1/items",
                        bearer(slug -> Tokens.forApp(slug, null).expiresInSeconds(-600).sign(KEY)), API, "unauthorized",
                        "expired"),
                row("a token signed by a key Authentik never published", api, "/v1/items",
                        bearer(slug -> Tokens.forApp(slug, null).sign(OTHER_KEY)), API, "unauthorized", "unknown_key"),
                row("another app's token", api, "/v1/items", bearer(slug -> Tokens.forApp("grafana", null).sign(KEY)), API,
                        "unauthorized", "wrong_issuer"),
                row("a token that is not a JWT", api, "/v1/items", bearer(slug -> "not-a-jwt"), API, "unauthorized",
                        "malformed"),
                row("two Authorization headers", api, "/v1/items", twoAuthorizations(), API, "unauthorized",
                        "duplicate_credentials"),
                row("a session of a user in the allowed group", grafana, "/dashboards", session(ADMIN), HTML, "allow",
                        "valid_session"),
                row("a session of a user outside the allowed groups", grafana, "/dashboards", session(STAFF), HTML,
                        "forbidden", "group_not_allowed"),
                row("Basic on an app that does not accept it", api, "/v1/items",
                        basic("goauthentik.io/token", slug -> Tokens.forApp(slug, null).sign(KEY)), API, "unauthorized",
                        "missing_token"),
                row("an unknown path under the sign-in prefix", grafana, "/.scalr-auth/nothing", none(), HTML,
                        "unauthorized", "reserved_path"),
                row("the sign-in prefix of an app without sign-in", api, "/.scalr-auth/start", none(), HTML,
                        "unauthorized", "sign_in_disabled"),
                row("a rule's public path without a credential", wiki, "/status/health", none(), API, "allow",
                        "public_path", "rule 0: paths=/status/**"),
                row("a rule that denies, without a credential", wiki, "/internal/jobs", none(), HTML, "forbidden",
                        "rule_denied", "rule 1 denies"),
                row("a rule that denies, even a valid token", wiki, "/internal/jobs",
                        bearer(slug -> wikiToken("pwd mfa", 10, "staff", "admins").sign(KEY)), API, "forbidden",
                        "rule_denied"),
                row("a token outside a rule's group", wiki, "/admin/users",
                        bearer(slug -> wikiToken("pwd", 10, "staff").sign(KEY)), API, "forbidden", "group_not_allowed",
                        "logDetail=rule 2 needs groups admins"),
                row("a token in a rule's group, outside the app's", wiki, "/admin/users",
                        bearer(slug -> wikiToken("pwd", 10, "admins").sign(KEY)), API, "allow", "valid_token"),
                row("a token outside the app's group where no rule applies", wiki, "/pages/home",
                        bearer(slug -> wikiToken("pwd", 10, "admins").sign(KEY)), API, "forbidden", "group_not_allowed",
                        "logDetail=rule default needs groups staff"),
                row("a token without a second factor on an mfa rule", wiki, "/billing/invoices",
                        bearer(slug -> wikiToken("pwd", 3600, "staff").sign(KEY)), API, "unauthorized", "mfa_required",
                        "StepUp[reason=mfa_required", "maxAgeSeconds=0"),
                row("a token with a second factor on an mfa rule", wiki, "/billing/invoices",
                        bearer(slug -> wikiToken("pwd mfa", 3600, "staff").sign(KEY)), API, "allow", "valid_token"),
                row("a token signed in too long ago for a max-age rule", wiki, "/settings/keys",
                        bearer(slug -> wikiToken("pwd", 901, "staff").sign(KEY)), API, "unauthorized", "sign_in_too_old",
                        "StepUp[reason=sign_in_too_old", "maxAgeSeconds=900"),
                row("a token signed in recently enough for a max-age rule", wiki, "/settings/keys",
                        bearer(slug -> wikiToken("pwd", 60, "staff").sign(KEY)), API, "allow", "valid_token"),
                row("a session without a second factor on an mfa rule", wiki, "/billing/invoices",
                        wikiSession("pwd", 3600), HTML, "sign-in", "step-up", "&prompt=login", "!max_age", "!acr_values"),
                row("a session signed in too long ago for a max-age rule", wiki, "/settings/keys", wikiSession("pwd", 901),
                        HTML, "sign-in", "step-up", "&prompt=login&max_age=900", "!acr_values"),
                row("a session just signed in without a second factor", wiki, "/billing/invoices", wikiSession("pwd", 10),
                        HTML, "forbidden", "mfa_not_used", "rule 3 needs a second factor"),
                row("a session with a second factor on an mfa rule", wiki, "/billing/invoices",
                        wikiSession("pwd mfa", 3600), HTML, "allow", "valid_session"),
                row("a browser without a session on a max-age rule", wiki, "/settings/keys", none(), HTML, "sign-in",
                        "sign-in", "&max_age=900", "!prompt=login"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("table")
    void decides(String name, Row row) throws Exception {
        String slug = apps.byHost(row.host()).map(App::slug).orElse("unknown");
        Header header = row.credential().apply(slug);
        ForwardedRequest request = new ForwardedRequest("GET", "https", row.host(), null, row.path(), row.path(),
                "203.0.113.7", header.authorization(), header.cookie(), BrowserHints.of(row.accept(), false), null,
                header.repeated(), new CookieJar(header.cookie()));

        Decision decision = decisions.decide(request, null).toCompletableFuture().get(10, TimeUnit.SECONDS);

        assertEquals(row.outcome() + " " + row.reason(), decision.outcome() + " " + decision.reason(), decision::toString);
        for (String shown : row.shows()) {
            assertEquals(!shown.startsWith("!"), decision.toString().contains(shown.replaceFirst("^!", "")),
                    () -> shown + " in " + decision);
        }
    }
}
