package dev.scalr.gateway.session;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.token.Identity;

/** Sealed session cookies for tests outside this package (the issuing method is the sign-in flow's own). */
public final class SealedSessions {

    private SealedSessions() {
    }

    /** The Cookie header pair ({@code name=value}) of a sealed session of this identity over https. */
    public static String cookie(SessionCookies cookies, App app, Identity identity) {
        return cookies.issue(app, identity, null, true).orElseThrow().split(";")[0];
    }
}
