package dev.scalr.gateway.token;

import dev.scalr.gateway.config.PlatformConfig;
import dev.scalr.gateway.config.Urls;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;

import java.net.URI;
import java.util.concurrent.TimeUnit;

/**
 * The one way the gateway reaches Authentik's token endpoint (the code exchange and its refresh, the app-password
 * exchange): on the internal network, 5 s to connect, 10 s to answer, and an HTTP error read as an answer (status,
 * OAuth error), not thrown.
 */
public final class TokenEndpoints {

    private TokenEndpoints() {
    }

    public static TokenEndpoint internal(PlatformConfig platform) {
        return QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(Urls.withoutTrailingSlash(platform.internalHost()) + "/application/o/token/"))
                .connectTimeout(5, TimeUnit.SECONDS).readTimeout(10, TimeUnit.SECONDS)
                .disableDefaultMapper(true) // an HTTP error is an answer to read (status, OAuth error), not an exception
                .build(TokenEndpoint.class);
    }
}
