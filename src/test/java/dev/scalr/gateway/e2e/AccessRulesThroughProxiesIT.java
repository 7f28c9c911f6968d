package dev.scalr.gateway.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.scalr.gateway.dev.authentik.FakeSignIn;
import dev.scalr.gateway.dev.authentik.Tokens;
import dev.scalr.gateway.support.RawHttp;
import dev.scalr.gateway.support.RawHttp.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Access rules behind real proxies: the app whoami lets staff in, but /admin/** only admins, and /settings/** only
 * staff who signed in with a second factor. Whatever spelling of an admin path a proxy passes on, a staff user never
 * reaches an admin page of the app; the decision log names the rule that decided.
 */
class AccessRulesThroughProxiesIT {

    private static final String HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8";
    private static final Map<String, String> RULES = Map.ofEntries(
            Map.entry("GATEWAY_APPS_WHOAMI_RULES_0__PATHS", "/admin/**"),
            Map.entry("GATEWAY_APPS_WHOAMI_RULES_0__POLICY", "groups"),
            Map.entry("GATEWAY_APPS_WHOAMI_RULES_0__GROUPS", "admins"),
            Map.entry("GATEWAY_APPS_WHOAMI_RULES_1__PATHS", "/settings/**"),
            Map.entry("GATEWAY_APPS_WHOAMI_RULES_1__POLICY", "groups"),
            Map.entry("GATEWAY_APPS_WHOAMI_RULES_1__GROUPS", "staff"),
            Map.entry("GATEWAY_APPS_WHOAMI_RULES_1__MFA", "true"),
            Map.entry("GATEWAY_APPS_WHOAMI_RULES_2__PATHS", "/**"),
            Map.entry("GATEWAY_APPS_WHOAMI_RULES_2__POLICY", "groups"),
            Map.entry("GATEWAY_APPS_WHOAMI_RULES_2__GROUPS", "staff"),
            // every decision line in the log, allows included, none summed up
            Map.entry("GATEWAY_LOG_ALLOW_LEVEL", "INFO"),
            Map.entry("GATEWAY_LOG_DENY_BURST", "0"));
    /** Ways to write an admin path that an app may still read as one. */
    private static final List<String> ADMIN_SPELLINGS = List.of("/admin/x", "/admin", "/%61dmin/x", "/x/..%2fadmin/x",
            "/x/..%2Fadmin/x", "/x/../admin/x", "//admin/x", "/admin;x=1/x", "/x/%2e%2e/admin/x", "/static/..%252fadmin/x");

    private static final Map<ProxyKind, ProxyStack> STACKS = new EnumMap<>(ProxyKind.class);

    private static synchronized ProxyStack stack(ProxyKind kind) throws Exception {
        ProxyStack stack = STACKS.get(kind);
        if (stack == null) {
            stack = ProxyStack.start(kind, RULES);
            STACKS.put(kind, stack);
        }
        return stack;
    }

    @AfterAll
    static void stopStacks() {
        STACKS.values().forEach(ProxyStack::close);
        STACKS.clear();
    }

    @ParameterizedTest
    @EnumSource(ProxyKind.class)
    void staffGetsTheAppButNotItsAdminPages(ProxyKind kind) throws Exception {
        ProxyStack stack = stack(kind);
        String staff = stack.tokens().username("sam").groups("staff").sign(stack.key());

        Response app = get(stack, "/", staff);
        assertEquals(200, app.status(), () -> app + "\n" + stack.proxyLog());
        assertEquals(List.of("sam"), EchoBackend.received(app.body(), "X-authentik-username"));

        Response admin = get(stack, "/admin/x", staff);
        assertEquals(403, admin.status(), admin::toString);
        assertNull(admin.header("X-Echo"), "the app must not be reached");

        assertLogged(stack, "path=/ user=sam outcome=allow", "rule=2 ");
        assertLogged(stack, "path=/admin/x user=sam outcome=forbidden reason=group_not_allowed rule=0 ");
    }

    @ParameterizedTest
    @EnumSource(ProxyKind.class)
    void noSpellingOfAnAdminPathTakesStaffToOne(ProxyKind kind) throws Exception {
        ProxyStack stack = stack(kind);
        String staff = stack.tokens().username("sam").groups("staff").sign(stack.key());
        for (String spelling : ADMIN_SPELLINGS) {
            Response response = get(stack, spelling, staff);
            String reached = response.header("X-Echo") == null ? null : uri(response);
            System.out.printf("%s: staff %s -> %d%s%n", kind, spelling, response.status(),
                    reached == null ? "" : ", the app got " + reached);
            assertTrue(response.status() < 500, spelling + " -> " + response + "\n" + stack.proxyLog());
            if (reached != null) {
                assertFalse(readAsTheAppMight(reached).startsWith("/admin"), spelling + ": the app got " + reached);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(ProxyKind.class)
    void adminsGetTheAdminPagesAndTheRest(ProxyKind kind) throws Exception {
        ProxyStack stack = stack(kind);
        String admin = stack.tokens().username("ada").groups("admins", "staff").sign(stack.key());
        for (String path : List.of("/", "/admin/x", "/%61dmin/x")) {
            Response response = get(stack, path, admin);
            assertEquals(200, response.status(), () -> path + " -> " + response + "\n" + stack.proxyLog());
            assertEquals(List.of("ada"), EchoBackend.received(response.body(), "X-authentik-username"));
        }
        assertLogged(stack, "path=/admin/x user=ada outcome=allow", "rule=0 ");
    }

    /** A path the gateway cannot read could be any page: every rule's requirement at once, /settings' second factor too. */
    @ParameterizedTest
    @EnumSource(ProxyKind.class)
    void anUnreadablePathNeedsEverythingAnyRuleAsks(ProxyKind kind) throws Exception {
        ProxyStack stack = stack(kind);
        String withoutMfa = stack.tokens().username("ada").groups("admins", "staff").sign(stack.key());
        Response refused = get(stack, "/x/..%2fadmin/x", withoutMfa);
        assertEquals(401, refused.status(), () -> refused + "\n" + stack.proxyLog());
        assertTrue(refused.header("WWW-Authenticate").contains("error=\"insufficient_user_authentication\""),
                refused::toString);
        assertNull(refused.header("X-Echo"));

        String withMfa = stack.tokens().username("ada").groups("admins", "staff").claim("amr", List.of("pwd", "mfa"))
                .claim("auth_time", Instant.now().getEpochSecond()).sign(stack.key());
        Response admitted = get(stack, "/x/..%2fadmin/x", withMfa);
        assertEquals(200, admitted.status(), () -> admitted + "\n" + stack.proxyLog());
        assertLogged(stack, "path=/x/..%2fadmin/x", "outcome=unauthorized reason=mfa_required rule=strictest ");
        assertLogged(stack, "path=/x/..%2fadmin/x user=ada outcome=allow", "rule=strictest ");
    }

    /**
     * A browser signed in with a password alone (ten minutes ago) opens /settings: sent back to Authentik with
     * prompt=login, signs in again there with a second factor, and gets the page.
     */
    @ParameterizedTest
    @EnumSource(ProxyKind.class)
    void signedInBrowserStepsUpToASecondFactorForSettings(ProxyKind kind) throws Exception {
        ProxyStack stack = stack(kind);
        FakeSignIn authentik = stack.authentik().signIn();
        authentik.user("alice", "staff");
        authentik.signedIn(600, false);
        authentik.mfa(true);
        int before = authentik.reauthentications();
        String session = signIn(stack, "/reports", null);

        Response reports = RawHttp.get(stack.proxyPort(), "/reports", Map.of("Accept", HTML, "Cookie", session));
        assertEquals(200, reports.status(), () -> reports + "\n" + stack.proxyLog());

        Response settings = RawHttp.get(stack.proxyPort(), "/settings/profile", Map.of("Accept", HTML, "Cookie", session));
        assertEquals(302, settings.status(), () -> settings + "\n" + stack.proxyLog());
        assertNull(settings.header("X-Echo"));
        assertEquals("login", FakeSignIn.queryOf(settings.header("Location")).get("prompt"), settings::toString);
        assertLogged(stack, "path=/settings/profile", "outcome=sign-in reason=step-up");

        String stepped = signIn(stack, "/settings/profile", settings);
        assertEquals(before + 1, authentik.reauthentications(), "prompt=login made the stand-in sign in again");
        Response page = RawHttp.get(stack.proxyPort(), "/settings/profile", Map.of("Accept", HTML, "Cookie", stepped));
        assertEquals(200, page.status(), () -> page + "\n" + stack.proxyLog());
        assertEquals(List.of("alice"), EchoBackend.received(page.body(), "X-authentik-username"));
    }

    /** Navigation (or the given redirect to Authentik), the stand-in's authorize, the callback: the session cookie. */
    private static String signIn(ProxyStack stack, String path, Response toAuthentik) throws Exception {
        Response start = toAuthentik != null ? toAuthentik : RawHttp.get(stack.proxyPort(), path, Map.of("Accept", HTML));
        assertEquals(302, start.status(), () -> start + "\n" + stack.proxyLog());
        String loginCookie = start.header("Set-Cookie").split(";")[0];
        String authorize = start.header("Location").replace(Tokens.PUBLIC_AUTHENTIK, stack.authentik().baseUrl());
        HttpResponse<String> atAuthentik = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(authorize))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(302, atAuthentik.statusCode(), atAuthentik::body);
        String callback = atAuthentik.headers().firstValue("Location").orElseThrow();
        Response back = RawHttp.get(stack.proxyPort(), callback.substring(stack.proxyUrl().length()),
                Map.of("Accept", HTML, "Cookie", loginCookie));
        assertEquals(302, back.status(), () -> back + "\n" + stack.proxyLog());
        assertEquals(stack.proxyUrl() + path, back.header("Location"));
        return back.headers("Set-Cookie").get(0).split(";")[0];
    }

    /** Some decision line of the gateway holds every part. */
    private static void assertLogged(ProxyStack stack, String... parts) {
        String log = stack.gateway().logText();
        assertTrue(log.lines().anyMatch(line -> line.contains("decision app=whoami")
                && Arrays.stream(parts).allMatch(line::contains)), () -> List.of(parts) + " in\n" + log);
    }

    private static Response get(ProxyStack stack, String target, String token) throws Exception {
        return RawHttp.get(stack.proxyPort(), target, Map.of("Authorization", "Bearer " + token,
                "Accept", "application/json"));
    }

    @SuppressWarnings("unchecked")
    private static String uri(Response echoed) throws Exception {
        return (String) new ObjectMapper().readValue(echoed.body(), Map.class).get("uri");
    }

    /** The path as a lenient app could end up reading it: decoded until stable, '\' as '/', dot segments resolved. */
    private static String readAsTheAppMight(String uri) {
        String path = uri.contains("?") ? uri.substring(0, uri.indexOf('?')) : uri;
        for (int i = 0; i < 3; i++) {
            path = URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        }
        path = path.replace('\\', '/').replaceAll(";[^/]*", "").replaceAll("/{2,}", "/");
        return URI.create("http://h" + path.replace(" ", "%20")).normalize().getPath();
    }
}
