package dev.scalr.gateway.decision;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.app.AppRegistry;
import dev.scalr.gateway.config.DomainConfig;
import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.config.PlatformConfig;
import dev.scalr.gateway.crypto.CryptoProviders;
import dev.scalr.gateway.crypto.SignatureProvider;
import dev.scalr.gateway.dev.authentik.FakeAuthentik;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import dev.scalr.gateway.forward.BrowserHints;
import dev.scalr.gateway.forward.CookieJar;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.keys.AppKeys;
import dev.scalr.gateway.keys.JwksFetcher;
import dev.scalr.gateway.keys.KeyCaches;
import dev.scalr.gateway.keys.KeyFetchListener;
import dev.scalr.gateway.machine.MachineClients;
import dev.scalr.gateway.metrics.TokenMetrics;
import dev.scalr.gateway.session.CookieSealer;
import dev.scalr.gateway.session.SealedSessions;
import dev.scalr.gateway.session.SessionCookies;
import dev.scalr.gateway.signin.SignIn;
import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.token.Identity;
import dev.scalr.gateway.token.Verifiers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
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
 * {@link DecisionService} as plain code, with its real collaborators built by hand (no Quarkus, no HTTP
 * listener): credential × app × path → outcome and reason. Keys are generated here; the JWKS is served by a local
 * JDK HTTP server and fetched by the gateway's own fetcher. Apps: grafana (sign-in, group admins, public /public/),
 * api (tokens only, any group). An app that accepts Basic is left to the HTTP tests (machine/): its app-password
 * exchange is a Quarkus REST client, which needs a running Quarkus.
 */
class DecisionTableTest {

    private static final SigningKey KEY = SigningKey.rsa();
    private static final SigningKey OTHER_KEY = SigningKey.rsa();
    private static final String SESSION_KEY = FakeAuthentikResource.randomKey();
    private static final Instant IN_AN_HOUR = Instant.now().plusSeconds(3600);
    private static final Identity ADMIN = new Identity("sub-1", "alice", "alice@example.test", "Alice", List.of("admins"), IN_AN_HOUR);
    private static final Identity STAFF = new Identity("sub-2", "bob", "bob@example.test", "Bob", List.of("staff"), IN_AN_HOUR);

    private static FakeAuthentik authentik;
    private static Vertx vertx;
    private static AppRegistry apps;
    private static DecisionService decisions;
    private static SessionCookies cookies;

    @BeforeAll
    static void wire() throws Exception {
        authentik = new FakeAuthentik().start();
        authentik.publish("grafana", SigningKey.jwks(KEY));
        authentik.publish("api", SigningKey.jwks(KEY));
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 100, new DurationConverter())
                .withMapping(PlatformConfig.class).withMapping(DomainConfig.class).withMapping(GatewayConfig.class)
                .withSources(new PropertiesConfigSource(Map.ofEntries(
                        Map.entry("authentik.host", Tokens.PUBLIC_AUTHENTIK),
                        Map.entry("authentik.internal-host", authentik.baseUrl()),
                        Map.entry("scalr.public-domain", "example.test"),
                        Map.entry("gateway.session.keys", SESSION_KEY),
                        Map.entry("gateway.apps.grafana.client-id", "grafana-client"),
                        Map.entry("gateway.apps.grafana.client-secret", "grafana-secret"),
                        Map.entry("gateway.apps.grafana.allowed-groups", "admins"),
                        Map.entry("gateway.apps.grafana.public-paths", "/public/"),
                        Map.entry("gateway.apps.api.enabled", "true")), "decision-table", 500))
                .build();
        GatewayConfig gateway = config.getConfigMapping(GatewayConfig.class);
        PlatformConfig platform = config.getConfigMapping(PlatformConfig.class);
        apps = new AppRegistry(platform, config.getConfigMapping(DomainConfig.class), gateway);
        vertx = Vertx.vertx();
        Clock clock = Clock.systemUTC();
        SignatureProvider provider = CryptoProviders.choose(gateway.cryptoProvider());
        KeyCaches keys = new KeyCaches(apps, new JwksFetcher(vertx, gateway), gateway, vertx, KeyFetchListener.NONE,
                provider, clock);
        for (AppKeys app : keys.all()) {
            app.refresh().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        Verifiers verifiers = new Verifiers(apps, keys, gateway, clock, new TokenMetrics(new SimpleMeterRegistry()), provider);
        decisions = new DecisionService(apps, verifiers, SignIn.standalone(gateway, platform, verifiers, clock),
                new MachineClients(apps, gateway, platform, clock, verifiers), clock);
        cookies = new SessionCookies(CookieSealer.fromBase64(List.of(SESSION_KEY)), gateway.session(), clock);
    }

    @AfterAll
    static void stop() {
        if (vertx != null) {
            vertx.close();
        }
        authentik.stop();
    }

    /** One row: what the client sends, to which app and path, and what the gateway decides. */
    record Row(String host, String path, Credential credential, String accept, String outcome, String reason) {
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

    private static Arguments row(String name, String host, String path, Credential credential, String accept,
            String outcome, String reason) {
        return Arguments.of(name, new Row(host, path, credential, accept, outcome, reason));
    }

    static Stream<Arguments> table() {
        String grafana = "grafana.example.test";
        String api = "api.example.test";
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
                        "unauthorized", "sign_in_disabled"));
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
    }
}
