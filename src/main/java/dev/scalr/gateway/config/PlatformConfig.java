package dev.scalr.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/**
 * The platform's own variables, kept under their platform names so that {@code AUTHENTIK_HOST},
 * {@code AUTHENTIK_INTERNAL_HOST} and {@code SCALR_PUBLIC_DOMAIN} from {@code .env.shared} apply as they are.
 */
@ConfigMapping(prefix = "authentik")
public interface PlatformConfig {

    /** Where browsers find Authentik (ADR 0011); the public issuer is derived from it. Env: AUTHENTIK_HOST. */
    @WithDefault("http://auth.localhost")
    String host();

    /** Container URL for back-channel calls (JWKS, token). Env: AUTHENTIK_INTERNAL_HOST. */
    @WithName("internal-host")
    @WithDefault("http://scalr-auth-server:9000")
    String internalHost();
}
