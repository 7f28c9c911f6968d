package dev.scalr.gateway.dev;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.List;

/**
 * Dev mode's built-in Authentik stand-in and front door (only {@code ./mvnw quarkus:dev} has them: {@link DevStack}
 * is a dev-build bean). Env form as everywhere: gateway.dev.user.name is GATEWAY_DEV_USER_NAME.
 */
@ConfigMapping(prefix = "gateway.dev")
public interface DevConfig {

    /** Start the Authentik stand-in on AUTHENTIK_INTERNAL_HOST's port (when that host is loopback). */
    @WithDefault("true")
    boolean standIn();

    /** The one person of the stand-in, signing in at its form or with an app password (Basic). */
    User user();

    /** The proxy in Traefik's place, in front of the echo app. */
    FrontDoor frontDoor();

    interface User {
        @WithDefault("demo")
        String name();

        @WithDefault("demo")
        String password();

        @WithDefault("demo-users")
        List<String> groups();

        @WithDefault("demo@example.test")
        String email();

        /** Authentik app password for Basic (machine clients). */
        @WithDefault("demo-app-password")
        String appPassword();
    }

    interface FrontDoor {
        /** Port of http://&lt;slug&gt;.localhost:&lt;port&gt;/; -1 = no front door. */
        @WithDefault("8000")
        int port();
    }
}
