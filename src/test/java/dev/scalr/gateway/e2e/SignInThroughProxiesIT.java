package dev.scalr.gateway.e2e;

import dev.scalr.gateway.dev.authentik.FakeSignIn;
import dev.scalr.gateway.support.RawHttp;
import dev.scalr.gateway.support.RawHttp.Response;
import dev.scalr.gateway.dev.authentik.Tokens;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A browser's whole sign-in through a real proxy: navigation -> 302 to Authentik (stand-in) -> callback on
 * the app's own host through the proxy -> 302 back with the session cookie -> the app sees identity headers.
 */
class SignInThroughProxiesIT {

    private static final String HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8";

    @ParameterizedTest
    @EnumSource(ProxyKind.class)
    void browserSignInRoundTripEndsWithSessionCookieWorkingThroughTheProxy(ProxyKind kind) throws Exception {
        try (ProxyStack stack = ProxyStack.start(kind)) {
            String origin = "http://127.0.0.1:" + stack.proxyPort();

            Response signIn = RawHttp.get(stack.proxyPort(), "/reports?year=2026", Map.of("Accept", HTML));
            assertEquals(302, signIn.status(), () -> signIn + "\n" + stack.proxyLog());
            String authorize = signIn.header("Location");
            assertTrue(authorize.startsWith(Tokens.PUBLIC_AUTHENTIK + "/application/o/authorize/?"), authorize);
            assertEquals(origin + "/.scalr-auth/callback", FakeSignIn.queryOf(authorize).get("redirect_uri"));
            String loginCookie = signIn.header("Set-Cookie").split(";")[0];

            // The browser at Authentik (the stand-in's real authorize endpoint), already signed in there.
            HttpResponse<String> atAuthentik = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(authorize.replace(Tokens.PUBLIC_AUTHENTIK, stack.authentik().baseUrl()))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(302, atAuthentik.statusCode(), atAuthentik::body);
            String callback = atAuthentik.headers().firstValue("Location").orElseThrow();
            assertTrue(callback.startsWith(origin + "/.scalr-auth/callback?"), callback);

            // Without its login cookie the callback is a clear 400, not a loop and not a 5xx.
            Response noCookie = RawHttp.get(stack.proxyPort(), callback.substring(origin.length()), Map.of("Accept", HTML));
            assertEquals(400, noCookie.status(), () -> noCookie + "\n" + stack.proxyLog());

            Response back = RawHttp.get(stack.proxyPort(), callback.substring(origin.length()),
                    Map.of("Accept", HTML, "Cookie", loginCookie));
            assertEquals(302, back.status(), () -> back + "\n" + stack.proxyLog());
            assertEquals(origin + "/reports?year=2026", back.header("Location"));
            String session = back.headers("Set-Cookie").get(0).split(";")[0];
            assertTrue(session.startsWith("_scalr_auth_whoami="), session);

            Response app = RawHttp.get(stack.proxyPort(), "/reports?year=2026",
                    Map.of("Accept", HTML, "Cookie", session, "X-authentik-username", "mallory"));
            assertEquals(200, app.status(), () -> app + "\n" + stack.proxyLog());
            assertEquals(List.of("alice"), EchoBackend.received(app.body(), "X-authentik-username"));
            assertEquals(List.of("admins|staff"), EchoBackend.received(app.body(), "X-authentik-groups"));

            // Sign-out: the proxy passes the browser's fetch metadata and Origin to forwardAuth. From another
            // site only a confirmation (nginx's auth_request keeps the 403 but replaces the page with its own body).
            Response crossSite = RawHttp.get(stack.proxyPort(), "/.scalr-auth/sign_out",
                    Map.of("Accept", HTML, "Cookie", session, "Sec-Fetch-Site", "cross-site"));
            assertEquals(403, crossSite.status(), () -> crossSite + "\n" + stack.proxyLog());
            assertTrue(crossSite.headers("Set-Cookie").isEmpty(), crossSite::toString);
            if (kind == ProxyKind.CADDY) {
                assertTrue(crossSite.body().contains("<form method=\"post\" action=\"/.scalr-auth/sign_out\">"), crossSite::toString);
            }
            for (Map<String, String> sameOrigin : List.of(Map.of("Sec-Fetch-Site", "same-origin"), Map.of("Origin", origin))) {
                Map<String, String> headers = new java.util.HashMap<>(sameOrigin);
                headers.put("Accept", HTML);
                headers.put("Cookie", session);
                Response out = RawHttp.get(stack.proxyPort(), "/.scalr-auth/sign_out", headers);
                assertEquals(302, out.status(), () -> sameOrigin + " " + out + "\n" + stack.proxyLog());
                // with id_token_hint, so Authentik ends its own session too
                assertTrue(out.header("Location").startsWith(Tokens.PUBLIC_AUTHENTIK
                        + "/application/o/whoami/end-session/?id_token_hint=ey"), out::toString);
                assertTrue(out.header("Set-Cookie").startsWith("_scalr_auth_whoami=;"), out::toString);
            }
        }
    }
}
