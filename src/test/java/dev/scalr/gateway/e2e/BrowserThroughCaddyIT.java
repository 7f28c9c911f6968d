package dev.scalr.gateway.e2e;

import dev.scalr.gateway.dev.authentik.FakeSignIn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A person in headless Chromium, through Caddy serving TLS, signing in at the Authentik stand-in. Screenshots of
 * every page go to target/browser-screenshots/ (and of the last state of a failing test).
 */
class BrowserThroughCaddyIT {

    static final Path SCREENSHOTS = Path.of("target", "browser-screenshots");
    static final String APP = "https://whoami.example.test";

    private static BrowserStack stack;
    private ChromeDriver browser;
    private String test;

    @RegisterExtension
    final TestWatcher onFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            System.err.println(context.getDisplayName() + " failed; gateway log:\n" + stack.gatewayLog()
                    + "\ncaddy log:\n" + stack.caddyLog());
        }
    };

    @BeforeAll
    static void startStack() throws Exception {
        stack = BrowserStack.start();
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopStack() throws IOException {
        if (stack != null) {
            stack.close();
        }
    }

    @BeforeEach
    void openBrowser(TestInfo info) throws IOException {
        test = info.getTestMethod().orElseThrow().getName();
        browser = stack.browser();
    }

    /** The last state of every test, failed or not, is kept as a screenshot. */
    @AfterEach
    void quit() {
        if (browser != null) {
            screenshot("last");
            browser.quit();
        }
    }

    private void screenshot(String name) {
        try {
            Files.write(SCREENSHOTS.resolve(test + "-" + name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
        } catch (IOException | RuntimeException e) {
            System.err.println("no screenshot " + name + ": " + e);
        }
    }

    /**
     * Navigates; the stand-in signs alice in on the way when the app asks. Chromium aborts a load with
     * ERR_NETWORK_CHANGED when an interface appears on the machine (other builds' containers): that load is retried.
     */
    private void open(String url) {
        for (int attempt = 1; attempt <= 3; attempt++) {
            browser.get(url);
            if (!browser.getPageSource().contains("ERR_NETWORK_CHANGED")) {
                return;
            }
        }
    }

    /** After a click: the navigation it starts is not awaited by WebDriver. */
    private void awaitUrl(String prefix) {
        try {
            new WebDriverWait(browser, Duration.ofSeconds(15)).until(driver -> driver.getCurrentUrl().startsWith(prefix));
        } catch (TimeoutException e) {
            throw new AssertionError("still at " + browser.getCurrentUrl() + ", expected " + prefix, e);
        }
    }

    private String text(String id) {
        return browser.findElement(By.id(id)).getText();
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> fetch(String path) {
        return (Map<String, Object>) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0]).then(async r => done({status: r.status, body: await r.text()}))
                    .catch(e => done({status: -1, body: String(e)}));""", path);
    }

    private static Map<String, Object> json(String body) {
        try {
            return org.jose4j.json.JsonUtil.parseJson(body);
        } catch (org.jose4j.lang.JoseException e) {
            throw new AssertionError(body, e);
        }
    }

    private String webSocket(String url) {
        return (String) browser.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const ws = new WebSocket(arguments[0]);
                ws.onopen = () => ws.send('ping');
                ws.onmessage = m => { done('echo:' + m.data); ws.close(); };
                ws.onerror = () => done('error');""", url);
    }

    /** A page of the gateway's as the browser shows it: the strict CSP still lets its own style apply. */
    private void assertStyledPage(String title) {
        assertEquals(title, browser.executeScript("return document.title"), browser.getPageSource());
        assertEquals("en", browser.findElement(By.tagName("html")).getAttribute("lang"));
        Object background = browser.executeScript("return getComputedStyle(document.body).backgroundColor");
        assertEquals("rgb(245, 246, 248)", background, "the page's own CSS applies under its Content-Security-Policy");
    }

    @Test
    void signInKeepsTheQueryAndTheFragment() {
        open(APP + "/reports/7?range=30d&team=ops#chart-2");
        assertEquals(APP + "/reports/7?range=30d&team=ops#chart-2", browser.getCurrentUrl());
        assertEquals("alice", text("user"));
        screenshot("signed-in");
    }

    @Test
    void cookiesAreStoredHostOnlySecureHttpOnlyLaxAndSmall() {
        open(APP + "/");
        Set<Cookie> cookies = browser.manage().getCookies();
        Cookie session = browser.manage().getCookieNamed("__Host-scalr_auth_whoami");
        assertNotNull(session, cookies.toString());
        assertEquals("whoami.example.test", session.getDomain(), "host-only: no Domain attribute");
        assertEquals("/", session.getPath());
        assertTrue(session.isSecure() && session.isHttpOnly(), session.toString());
        assertEquals("Lax", session.getSameSite());
        assertTrue(session.getName().length() + session.getValue().length() < 4096);
        assertTrue(cookies.stream().noneMatch(c -> c.getName().contains("scalr_login")), "the finished sign-in's cookie is gone: " + cookies);
        assertEquals(List.of(), browser.executeScript("return document.cookie ? document.cookie.split('; ') : []"),
                "HttpOnly: scripts see none of the gateway's cookies");
    }

    @Test
    void aSecondAppHasItsOwnCookieAndOneAppsCookieNeverOpensTheOther() {
        open(APP + "/");
        String whoamiSid = stack.authentik().signIn().lastSid();
        open("https://notes.example.test/");
        assertEquals("alice", text("user"));
        assertFalse(whoamiSid.equals(stack.authentik().signIn().lastSid()), "notes went through its own sign-in");
        assertNotNull(browser.manage().getCookieNamed("__Host-scalr_auth_notes"));
        assertNull(browser.manage().getCookieNamed("__Host-scalr_auth_whoami"), "whoami's cookie is not sent to notes");
        String received = (String) fetch("/api/whoami").get("body");
        assertFalse(received.contains("scalr_auth_whoami"), received);
    }

    @Test
    void fetchWithoutSessionGets401WithAWorkingSignInUrlAndWithSessionGetsThrough() {
        open(APP + "/public/spa");
        Map<String, Object> anonymous = fetch("/api/whoami");
        assertEquals(401L, anonymous.get("status"), anonymous.toString());
        String signInUrl = (String) json((String) anonymous.get("body")).get("sign_in_url");
        assertEquals(APP + "/.scalr-auth/start?rd=%2Fpublic%2Fspa", signInUrl);
        open(signInUrl);
        assertEquals(APP + "/public/spa", browser.getCurrentUrl());
        Map<String, Object> signedIn = fetch("/api/whoami");
        assertEquals(200L, signedIn.get("status"), signedIn.toString());
        assertTrue(((String) signedIn.get("body")).contains("\"user\":\"alice\""), signedIn.toString());
    }

    @Test
    void webSocketOpensWithASessionAndIsRefusedWithout() {
        open(APP + "/public/spa");
        assertEquals("error", webSocket("wss://whoami.example.test/ws"));
        open(APP + "/");
        assertEquals("echo:ping", webSocket("wss://whoami.example.test/ws"));
    }

    @Test
    void signOutFromTheAppEndsTheSessionAtAuthentik() {
        open(APP + "/");
        browser.findElement(By.id("signout")).click();
        awaitUrl("https://auth.example.test/application/o/whoami/end-session/?id_token_hint=");
        open(APP + "/public/spa");
        assertNull(browser.manage().getCookieNamed("__Host-scalr_auth_whoami"));
        assertEquals(401L, fetch("/api/whoami").get("status"));
    }

    @Test
    void signOutFromAnotherSiteAsksForConfirmationFirst() {
        open(APP + "/");
        open("https://portal.example.org/");
        browser.findElement(By.id("signout")).click();
        awaitUrl(APP + "/.scalr-auth/sign_out");
        assertStyledPage("Sign out");
        assertNotNull(browser.manage().getCookieNamed("__Host-scalr_auth_whoami"), "nothing is cleared by the link alone");
        screenshot("sign-out-confirmation");
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        awaitUrl("https://auth.example.test/application/o/whoami/end-session/");
        open(APP + "/public/spa");
        assertNull(browser.manage().getCookieNamed("__Host-scalr_auth_whoami"));
        assertEquals(401L, fetch("/api/whoami").get("status"));
    }

    @Test
    void refreshCarriesASessionThroughThreeIdTokenLifetimesWithoutAVisibleRedirect() throws InterruptedException {
        FakeSignIn authentik = stack.authentik().signIn();
        authentik.idTokenLifetimeSeconds(3);
        try {
            open(APP + "/live");
            String sid = authentik.lastSid();
            int refreshes = authentik.refreshCalls();
            long end = System.nanoTime() + 10_500_000_000L;
            while (System.nanoTime() < end) {
                Map<String, Object> answer = fetch("/api/whoami");
                assertEquals(200L, answer.get("status"), answer.toString());
                Thread.sleep(1000);
            }
            open(APP + "/live?again=1");
            assertEquals(APP + "/live?again=1", browser.getCurrentUrl());
            assertEquals("alice", text("user"));
            assertEquals(sid, authentik.lastSid(), "no second sign-in at Authentik");
            assertTrue(authentik.refreshCalls() - refreshes >= 3, "refreshes: " + (authentik.refreshCalls() - refreshes));
        } finally {
            authentik.idTokenLifetimeSeconds(3600);
        }
    }

    @Test
    void everyPageAPersonGetsIsRendered() {
        open(APP + "/");
        open("https://vault.example.test/secrets");
        assertStyledPage("Not allowed");
        assertTrue(browser.getPageSource().contains("<strong>alice</strong>"));
        assertEquals("https://auth.example.test/if/user/",
                browser.findElement(By.linkText("Your Authentik account")).getAttribute("href"));
        assertNotNull(browser.findElement(By.cssSelector("form[action='/.scalr-auth/sign_out'] button")));
        screenshot("403-not-allowed");

        open("https://nothing.example.test/");
        assertStyledPage("Unknown app");
        screenshot("403-undeclared-host");

        open(APP + "/.scalr-auth/callback?state=" + "A".repeat(43) + "&code=x");
        assertStyledPage("Sign-in expired");
        screenshot("400-callback-expired");

        stack.backChannel().up(false);
        try {
            open("https://notes.example.test/");
            assertStyledPage("Sign-in is unavailable");
            screenshot("503-authentik-unreachable");
        } finally {
            stack.backChannel().up(true);
        }
    }

    @Test
    void anAppInAFrameOffersSignInAtTheTopLevelAndReturnsToTheFramedPage() {
        open("https://portal.example.org/");
        screenshot("framed-portal");
        browser.switchTo().frame("app");
        assertStyledPage("Sign in to continue");
        browser.findElement(By.linkText("Sign in")).click();
        browser.switchTo().defaultContent();
        awaitUrl(APP + "/framed/panel?id=7");
        assertEquals(APP + "/framed/panel?id=7", browser.getCurrentUrl());
        assertEquals("alice", text("user"));
    }
}
