package dev.scalr.gateway.signin;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.token.Identity;

import java.time.Instant;

/** Issues session cookies for the benchmarks (the issuing methods are the sign-in's own, package-private). */
public final class BenchCookies {

    private BenchCookies() {
    }

    public static String issue(SessionCookies cookies, App app, Identity identity, String idToken) {
        return cookies.issue(app, identity, idToken, true).orElseThrow();
    }

    public static String issueStored(SessionCookies cookies, App app, String id, Instant expires) {
        return cookies.issueStored(app, id, expires, true);
    }
}
