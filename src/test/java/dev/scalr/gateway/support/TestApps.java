package dev.scalr.gateway.support;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.dev.authentik.Tokens;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Apps built by hand for unit tests that need no configuration. */
public final class TestApps {

    private TestApps() {
    }

    /** An API-only app (no client id, no sign-in) at the public issuer and an internal JWKS URL. */
    public static App apiApp(String slug) {
        return new App(slug, Tokens.PUBLIC_AUTHENTIK + "/application/o/" + slug + "/",
                "http://authentik.internal/application/o/" + slug + "/jwks/", Optional.empty(), Set.of(), List.of(),
                Set.of(), false, Optional.empty());
    }
}
