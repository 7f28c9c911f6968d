package dev.scalr.gateway.bench;

import com.sun.net.httpserver.HttpServer;
import dev.scalr.gateway.app.AppRegistry;
import dev.scalr.gateway.config.DomainConfig;
import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.config.PlatformConfig;
import dev.scalr.gateway.crypto.CryptoProviders;
import dev.scalr.gateway.crypto.SignatureProvider;
import dev.scalr.gateway.decision.DecisionService;
import dev.scalr.gateway.machine.MachineClients;
import dev.scalr.gateway.token.Verifiers;
import dev.scalr.gateway.identity.IdentityHeaders;
import dev.scalr.gateway.keys.AppKeys;
import dev.scalr.gateway.keys.JwksFetcher;
import dev.scalr.gateway.keys.KeyCaches;
import dev.scalr.gateway.keys.KeyFetchListener;
import dev.scalr.gateway.metrics.TokenMetrics;
import dev.scalr.gateway.signin.SignIn;
import dev.scalr.gateway.dev.authentik.SigningKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.vertx.core.Vertx;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * The gateway's decision objects wired by hand (no CDI, no HTTP server), with one app "bench" whose JWKS is
 * served by a local JDK HTTP server and fetched once by the gateway's own fetcher.
 */
final class BenchGateway implements AutoCloseable {

    static final String AUTHENTIK = dev.scalr.gateway.dev.authentik.Tokens.PUBLIC_AUTHENTIK;

    final DecisionService decisions;
    final KeyCaches keys;
    final IdentityHeaders identityHeaders;
    private final HttpServer jwks;
    private final Vertx vertx;

    BenchGateway(SigningKey key, int cacheSize) throws Exception {
        this(key, cacheSize, Map.of());
    }

    /** @param settings more environment settings (e.g. the app's access rules) */
    BenchGateway(SigningKey key, int cacheSize, Map<String, String> settings) throws Exception {
        byte[] body = SigningKey.jwks(key).getBytes(StandardCharsets.UTF_8);
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        jwks.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        jwks.start();
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withConverter(java.time.Duration.class, 100, new io.quarkus.runtime.configuration.DurationConverter())
                .withMapping(PlatformConfig.class).withMapping(DomainConfig.class).withMapping(GatewayConfig.class)
                .withSources(new EnvConfigSource(env(jwks.getAddress().getPort(), cacheSize, settings), 300))
                .build();
        GatewayConfig gateway = config.getConfigMapping(GatewayConfig.class);
        AppRegistry apps = new AppRegistry(config.getConfigMapping(PlatformConfig.class),
                config.getConfigMapping(DomainConfig.class), gateway);
        vertx = Vertx.vertx();
        SignatureProvider provider = CryptoProviders.choose(gateway.cryptoProvider());
        keys = new KeyCaches(apps, new JwksFetcher(vertx, gateway), gateway, vertx, KeyFetchListener.NONE, provider,
                Clock.systemUTC());
        for (AppKeys app : keys.all()) {
            app.refresh().toCompletableFuture().join();
        }
        Verifiers verifiers = new Verifiers(apps, keys, gateway, Clock.systemUTC(), new TokenMetrics(new SimpleMeterRegistry()),
                provider);
        identityHeaders = new IdentityHeaders(gateway.headers().sets(), gateway.headers().forwardToken(),
                gateway.headers().outpostName(), "bench");
        decisions = new DecisionService(apps, verifiers,
                SignIn.standalone(gateway, config.getConfigMapping(PlatformConfig.class), verifiers, Clock.systemUTC()),
                new MachineClients(apps, gateway, config.getConfigMapping(PlatformConfig.class), Clock.systemUTC(), verifiers),
                Clock.systemUTC());
    }

    private static Map<String, String> env(int jwksPort, int cacheSize, Map<String, String> settings) {
        Map<String, String> env = new HashMap<>(settings);
        env.put("AUTHENTIK_HOST", AUTHENTIK);
        env.put("AUTHENTIK_INTERNAL_HOST", "http://127.0.0.1:" + jwksPort);
        env.put("SCALR_PUBLIC_DOMAIN", "example.test");
        env.put("GATEWAY_TOKEN_CACHE_SIZE", String.valueOf(cacheSize));
        env.put("GATEWAY_APPS_BENCH_CLIENT_ID", "bench-client");
        env.put("GATEWAY_APPS_BENCH_SIGN_IN", "false");
        return env;
    }

    @Override
    public void close() {
        vertx.close();
        jwks.stop(0);
    }
}
