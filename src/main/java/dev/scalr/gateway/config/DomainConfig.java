package dev.scalr.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

/** Apps live at {@code <slug>.${SCALR_PUBLIC_DOMAIN}}. Env: SCALR_PUBLIC_DOMAIN. */
@ConfigMapping(prefix = "scalr")
public interface DomainConfig {

    @WithName("public-domain")
    @WithDefault("localhost")
    String publicDomain();
}
