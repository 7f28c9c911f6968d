package dev.scalr.gateway.page;

import dev.scalr.gateway.support.FakeAuthentikResource;
import dev.scalr.gateway.support.Gateway;
import dev.scalr.gateway.web.AuthListener;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

import static dev.scalr.gateway.signin.SignInFlowTest.HTML;
import static dev.scalr.gateway.signin.SignInFlowTest.forwarded;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** An operator's template set, logo and CSS replace the built-in pages. */
@QuarkusTest
@WithTestResource(CustomPagesTest.OperatorPages.class)
class CustomPagesTest {

    static final String CSS = "body{color:#123456}";
    static final String LOGO = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"8\" height=\"8\"/>";

    /** The stand-in's settings plus a templates directory, a logo and a CSS file written for the run. */
    public static class OperatorPages extends FakeAuthentikResource {
        @Override
        protected Map<String, String> extraConfig() {
            try {
                Path dir = Files.createTempDirectory("operator-pages-");
                Files.writeString(dir.resolve("page.html"), """
                        <!doctype html><html lang="{{lang}}"><head><title>ACME · {{title}}</title><style>{{style}}</style></head>
                        <body><header>{{#logo}}<img src="{{logo}}" alt="ACME">{{/logo}}</header><h1>{{title}}</h1><p>{{message}}</p>
                        {{#sign_out}}<form method="post" action="{{sign_out}}"><button>Leave ACME</button></form>{{/sign_out}}
                        <footer>ACME internal, HTTP {{status}}</footer></body></html>""");
                Path logo = Files.writeString(dir.resolve("logo.svg"), LOGO);
                Path css = Files.writeString(dir.resolve("acme.css"), CSS);
                return Map.of("gateway.pages.templates-dir", dir.toString(), "gateway.pages.logo", logo.toString(),
                        "gateway.pages.css", css.toString(), "gateway.pages.lang", "de-CH");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Inject
    AuthListener listener;

    @BeforeEach
    void ready() {
        Gateway.awaitReady();
        RestAssured.port = listener.port();
    }

    @Test
    void pagesAreRenderedFromTheOperatorsTemplateLogoAndCss() throws Exception {
        Response response = forwarded("nothing.example.test", "/").header("Accept", HTML).get("/auth");
        assertEquals(403, response.statusCode());
        String html = response.asString();
        assertTrue(html.startsWith("<!doctype html><html lang=\"de-CH\"><head><title>ACME · Unknown app</title>"), html);
        assertTrue(html.contains("<style>" + CSS + "</style>") && html.contains("<footer>ACME internal, HTTP 403</footer>"), html);
        String dataUri = "data:image/svg+xml;base64," + Base64.getEncoder().encodeToString(LOGO.getBytes(StandardCharsets.UTF_8));
        assertTrue(html.contains("<img src=\"" + dataUri + "\" alt=\"ACME\">"), html);
        String hash = Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(CSS.getBytes(StandardCharsets.UTF_8)));
        assertTrue(response.header("Content-Security-Policy").contains("style-src 'sha256-" + hash + "'"),
                response.header("Content-Security-Policy"));
    }

    @Test
    void theSignOutConfirmationUsesTheOperatorsTemplateToo() {
        Response response = forwarded("grafana.example.test", "/.scalr-auth/sign_out").header("Sec-Fetch-Site", "cross-site")
                .header("Accept", HTML).get("/auth");
        assertEquals(403, response.statusCode());
        assertTrue(response.asString().contains("<form method=\"post\" action=\"/.scalr-auth/sign_out\"><button>Leave ACME</button></form>"),
                response.asString());
    }
}
