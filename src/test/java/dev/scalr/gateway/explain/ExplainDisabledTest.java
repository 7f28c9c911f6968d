package dev.scalr.gateway.explain;

import dev.scalr.gateway.support.FakeAuthentikResource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** gateway.explain.enabled=false: the main port does not serve the dry run at all. */
@QuarkusTest
@WithTestResource(ExplainDisabledTest.ExplainOff.class)
class ExplainDisabledTest {

    public static class ExplainOff extends FakeAuthentikResource {
        @Override
        protected Map<String, String> extraConfig() {
            return Map.of("gateway.explain.enabled", "false");
        }
    }

    @Test
    void explainIs404WhenSwitchedOff() {
        given().queryParam("host", "wiki.example.test").queryParam("path", "/").get("/q/gateway/explain")
                .then().statusCode(404);
    }
}
