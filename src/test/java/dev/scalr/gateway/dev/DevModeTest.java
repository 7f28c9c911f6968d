package dev.scalr.gateway.dev;

import dev.scalr.gateway.e2e.ProxyBinary;
import dev.scalr.gateway.support.PackagedGateway;
import dev.scalr.gateway.web.AuthListener;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's first command, {@code ./mvnw quarkus:dev}, as a newcomer uses it: the dev build (config profile
 * dev, so {@link DevStack} exists and the %dev settings apply) against nothing but what it starts itself. Only the
 * ports differ from the README's (free ones, several builds may share a machine).
 */
@QuarkusTest
@TestProfile(DevModeTest.DevBuild.class)
class DevModeTest {

    public static class DevBuild implements QuarkusTestProfile {
        static final int AUTHENTIK = freePort();

        @Override
        public String getConfigProfile() {
            return "dev";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("authentik.host", "http://auth.localhost:" + AUTHENTIK,
                    "authentik.internal-host", "http://localhost:" + AUTHENTIK,
                    "quarkus.http.test-port", "0", "gateway.listener.port", "0", "gateway.dev.front-door.port", "0");
        }
    }

    @Inject
    DevStack dev;

    @Inject
    AuthListener listener;

    @BeforeEach
    void ready() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (given().get("/q/health/ready").statusCode() != 200) {
            assertTrue(System.nanoTime() < deadline, "not ready within 30 s against the embedded stand-in");
            Thread.sleep(100);
        }
    }

    @Test
    void basicWithTheDemoAppPasswordGetsTheIdentityHeaders() {
        given().auth().preemptive().basic("demo", "demo-app-password").header("X-Forwarded-Host", "whoami.localhost")
                .get(auth())
                .then().statusCode(200).header("X-authentik-username", "demo").header("X-authentik-groups", "demo-users")
                .header("X-authentik-email", "demo@example.test");
    }

    @Test
    void aWrongAppPasswordIsRefused() {
        given().auth().preemptive().basic("demo", "guess").header("X-Forwarded-Host", "whoami.localhost").get(auth())
                .then().statusCode(401);
    }

    @Test
    void bearerTokenFromTheStandInsTokenEndpointIsAccepted() {
        String token = given().header("Host", "auth.localhost:" + DevBuild.AUTHENTIK).formParam("grant_type", "client_credentials")
                .formParam("client_id", "whoami").formParam("username", "demo").formParam("password", "demo-app-password")
                .formParam("scope", "openid profile email").post(standIn("/application/o/token/"))
                .then().statusCode(200).extract().path("access_token");
        given().header("Authorization", "Bearer " + token).header("X-Forwarded-Host", "whoami.localhost").get(auth())
                .then().statusCode(200).header("X-authentik-username", "demo");
    }

    @Test
    void browserRoundTripThroughTheFrontDoorEndsSignedInOnTheEchoPage() {
        Map<String, String> cookies = new HashMap<>();
        Response start = browser(cookies).get(frontDoor("/hello?x=1"));
        assertEquals(302, start.statusCode(), start.asString());
        URI authorize = URI.create(start.header("Location"));
        assertEquals("auth.localhost", authorize.getHost());

        Response form = given().redirects().follow(false).header("Host", authorize.getAuthority())
                .get(standIn(authorize.getRawPath() + "?" + authorize.getRawQuery()));
        assertEquals(200, form.statusCode());
        assertTrue(form.asString().contains("<input name=\"password\" type=\"password\""), form.asString());

        Response wrong = signIn(authorize, "demo", "not-the-password");
        assertEquals(401, wrong.statusCode());
        assertTrue(wrong.asString().contains("Wrong username or password"), wrong.asString());

        Response signedIn = signIn(authorize, "demo", "demo");
        assertEquals(302, signedIn.statusCode(), signedIn.asString());
        URI callback = URI.create(signedIn.header("Location"));
        assertEquals("/.scalr-auth/callback", callback.getPath());

        Response back = browser(cookies).get(frontDoor(callback.getRawPath() + "?" + callback.getRawQuery()));
        assertEquals(302, back.statusCode(), back.asString());
        assertEquals("http://whoami.localhost:" + dev.frontDoorPort() + "/hello?x=1", back.header("Location"));

        Response page = browser(cookies).header("X-authentik-username", "mallory").get(frontDoor("/hello?x=1"));
        assertEquals(200, page.statusCode(), page.asString());
        String html = page.asString();
        assertTrue(html.contains("<h1>Signed in as demo</h1>"), html);
        assertTrue(html.contains("X-authentik-groups:</th><td>demo-users</td>"), html);
        assertTrue(!html.contains("mallory"), "the client's own X-authentik-username is replaced:\n" + html);
    }

    @Test
    void aPersonSignsInThroughTheFrontDoorInARealBrowser() throws Exception {
        Path chromium = ProxyBinary.require("chromium");
        Path chromedriver = ProxyBinary.require("chromedriver");
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile());
        // *.localhost is this machine for Chromium itself, as for the README's newcomer: no resolver rules
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                "--window-size=1100,800", "--user-data-dir=" + Files.createTempDirectory("dev-browser-"));
        ChromeDriver browser = new ChromeDriver(new ChromeDriverService.Builder()
                .usingDriverExecutable(chromedriver.toFile()).usingAnyFreePort().build(), options);
        try {
            browser.get("http://whoami.localhost:" + dev.frontDoorPort() + "/hello?x=1");
            assertEquals("Sign in - Authentik stand-in", browser.getTitle());
            browser.findElement(By.name("username")).sendKeys("demo");
            browser.findElement(By.name("password")).sendKeys("demo");
            browser.findElement(By.cssSelector("button[type=submit]")).click();
            new WebDriverWait(browser, Duration.ofSeconds(20)).until(ExpectedConditions.titleContains("whoami"));
            assertEquals("http://whoami.localhost:" + dev.frontDoorPort() + "/hello?x=1", browser.getCurrentUrl());
            assertEquals("Signed in as demo", browser.findElement(By.tagName("h1")).getText());
            assertTrue(browser.findElement(By.id("identity")).getText().contains("X-authentik-groups: demo-users"),
                    browser.getPageSource());
            Path screenshots = Files.createDirectories(Path.of("target", "browser-screenshots"));
            Files.write(screenshots.resolve("dev-front-door-echo-page.png"), browser.getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }
    }

    @Test
    void frontDoorPassesTheGatewaysRefusalWithoutReachingTheApp() {
        Response api = given().redirects().follow(false).header("Host", "whoami.localhost:" + dev.frontDoorPort())
                .header("Accept", "application/json").get(frontDoor("/api/things"));
        assertEquals(401, api.statusCode());
        assertTrue(api.header("WWW-Authenticate").startsWith("Bearer realm=\"whoami\""), api.header("WWW-Authenticate"));
        assertTrue(!api.asString().contains("Signed in as"), api.asString());
    }

    private Response signIn(URI authorize, String user, String password) {
        return given().redirects().follow(false).header("Host", authorize.getAuthority())
                .formParam("query", authorize.getRawQuery()).formParam("username", user).formParam("password", password)
                .post(standIn("/application/o/authorize/"));
    }

    /** A browser's navigation to the front door, keeping the cookies it is given as a browser would. */
    private io.restassured.specification.RequestSpecification browser(Map<String, String> cookies) {
        return given().redirects().follow(false).header("Host", "whoami.localhost:" + dev.frontDoorPort())
                .header("Accept", "text/html").header("Sec-Fetch-Mode", "navigate").header("Sec-Fetch-Dest", "document")
                .cookies(Map.copyOf(cookies)).filter((request, response, ctx) -> {
                    Response answer = ctx.next(request, response);
                    answer.getDetailedCookies().forEach(c -> {
                        if (c.getMaxAge() == 0) {
                            cookies.remove(c.getName());
                        } else {
                            cookies.put(c.getName(), c.getValue());
                        }
                    });
                    return answer;
                });
    }

    private String auth() {
        return "http://127.0.0.1:" + listener.port() + "/auth";
    }

    private String frontDoor(String pathAndQuery) {
        return "http://127.0.0.1:" + dev.frontDoorPort() + pathAndQuery;
    }

    private static String standIn(String pathAndQuery) {
        return "http://127.0.0.1:" + DevBuild.AUTHENTIK + pathAndQuery;
    }

    private static int freePort() {
        try {
            return PackagedGateway.freePort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
