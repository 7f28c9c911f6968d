package dev.scalr.gateway.access;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A public prefix is honoured only for a path no layer behind the gateway can read as another path: not after a
 * second percent-decoding (%25, or a '%' that starts no escape: a lenient decoder keeps it, and the second decoding
 * reads "%%32%65" as "%2e", then "."), not after dropping path parameters (";", "%3b": Tomcat and Jetty read "..;"
 * as "..").
 */
class PlainPathsTest {

    @ParameterizedTest(name = "{0} is not plain")
    @ValueSource(strings = {
            "/static/%252e%252e/admin",
            "/static/.%252e/admin",
            "/static/%252e./admin",
            "/static/%252E%252E%252Fadmin",
            "/static/%25252e%25252e/admin",
            "/static/%2525",
            "/static/..%3b/admin",
            "/static/..%3B/admin",
            "/static/..;/admin",
            "/static/app.css;jsessionid=1",
            "/static/%2e%2e/admin",
            "/static/../admin",
            "/static/%%32%65%%32%65/admin",
            "/static/%%2e",
            "/static/%",
            "/static/a%2",
            "/static/%g1",
            "/static/%２ｅ"})
    void pathsAnotherLayerCouldReadDifferentlyAreNotPlain(String path) {
        assertFalse(Paths.isPlain(path), path);
    }

    @ParameterizedTest(name = "{0} is plain")
    @ValueSource(strings = {
            "/static/app.css",
            "/static/fonts/Inter-Regular.woff2",
            "/static/a%20b.css",
            "/static/caf%C3%A9.png",
            "/static/app.min.js",
            "/static/..app.css",
            "/healthz"})
    void ordinaryPublicPathsStayPlain(String path) {
        assertTrue(Paths.isPlain(path), path);
    }
}
