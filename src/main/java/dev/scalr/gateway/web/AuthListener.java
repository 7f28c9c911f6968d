package dev.scalr.gateway.web;

import dev.scalr.gateway.config.GatewayConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.ConfigurationException;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The dedicated forwardAuth listener (gateway.listener.port): a plain Vert.x HTTP server whose only handler is
 * {@link ForwardAuthHandler}. Every protected request of every app pays for this hop, and on the main port the
 * router plus Quarkus' per-request handlers cost about a third of the throughput (docs/performance.md).
 * One server instance per CPU core: the work is CPU-bound and never blocks, and more event loops than cores
 * only add scheduler delay to the latency tail.
 */
@ApplicationScoped
public class AuthListener {

    private static final Logger LOG = Logger.getLogger(AuthListener.class);
    private static final String PROPERTY = "gateway.listener.port (GATEWAY_LISTENER_PORT)";

    private final Vertx vertx;
    private final ForwardAuthHandler handler;
    private final GatewayConfig.Listener config;
    private final String host;
    private final int mainPort;
    private final HttpServerOptions options;
    private final Duration drainTimeout;
    private volatile String deployment;
    private volatile int port = -1;

    @Inject
    public AuthListener(Vertx vertx, ForwardAuthHandler handler, GatewayConfig gateway,
            @ConfigProperty(name = "quarkus.http.host") String host,
            @ConfigProperty(name = "quarkus.http.port") int mainPort,
            @ConfigProperty(name = "quarkus.http.limits.max-header-size") MemorySize maxHeaderSize,
            @ConfigProperty(name = "quarkus.http.limits.max-initial-line-length") int maxInitialLine,
            @ConfigProperty(name = "quarkus.http.idle-timeout") Duration idleTimeout,
            @ConfigProperty(name = "quarkus.shutdown.timeout") Optional<Duration> shutdownTimeout) {
        this.vertx = vertx;
        this.handler = handler;
        this.config = gateway.listener();
        this.host = host;
        this.mainPort = mainPort;
        this.drainTimeout = shutdownTimeout.orElse(Duration.ZERO);
        // The same request limits as the main port: a 100 KB Authorization header gets a clean 401 on both.
        this.options = new HttpServerOptions().setHost(host)
                .setMaxHeaderSize((int) maxHeaderSize.asLongValue()).setMaxInitialLineLength(maxInitialLine)
                .setIdleTimeout((int) idleTimeout.toSeconds()).setIdleTimeoutUnit(TimeUnit.SECONDS)
                .setTcpNoDelay(true)
                // forwardAuth is plain HTTP/1.1: no h2c upgrade (Vert.x accepts one by default), no WebSocket
                // extension handler in the pipeline, no compression.
                .setHttp2ClearTextEnabled(false)
                .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false)
                .setCompressionSupported(false);
    }

    void start(@Observes StartupEvent event) {
        int configured = config.port();
        if (configured < 0) {
            LOG.info("forwardAuth listener off (gateway.listener.port < 0); /auth is served on the main port only");
            return;
        }
        if (configured != 0 && configured == mainPort) {
            throw new ConfigurationException(PROPERTY + ": " + configured
                    + " is also quarkus.http.port (QUARKUS_HTTP_PORT); give the listener its own port");
        }
        // Port 0 (tests) means "any free port": one instance, so every event loop does not pick its own port.
        int instances = configured == 0 ? 1 : Math.max(1, Runtime.getRuntime().availableProcessors());
        try {
            deployment = vertx.deployVerticle(Server::new, new DeploymentOptions().setInstances(instances))
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new ConfigurationException(PROPERTY + ": cannot listen on " + host + ":" + configured + " ("
                    + cause.getClass().getSimpleName() + ": " + cause.getMessage() + "); is the port in use?");
        }
        LOG.infof("forwardAuth listener on http://%s:%d/auth (%d event loop(s))", host, port, instances);
    }

    // Explicit, because in dev mode Vert.x outlives a live reload and the next start needs the port. Quarkus'
    // graceful shutdown only knows the main port's requests: decisions waiting here on a key fetch get up to
    // quarkus.shutdown.timeout to answer, as Traefik would otherwise see the connection drop (a 500 to the user).
    void stop(@Observes ShutdownEvent event) {
        String id = deployment;
        if (id != null) {
            deployment = null;
            drain();
            try {
                vertx.undeploy(id).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.warnf("forwardAuth listener did not close cleanly: %s", e.getClass().getSimpleName());
            }
        }
    }

    private void drain() {
        long deadline = System.nanoTime() + drainTimeout.toNanos();
        while (handler.waiting() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (handler.waiting() > 0) {
            LOG.warnf("forwardAuth listener closing with %d decision(s) still waiting on a key fetch", handler.waiting());
        }
    }

    /** The bound port (differs from the configured one when that is 0); -1 when off or not started. */
    public int port() {
        return port;
    }

    private final class Server extends AbstractVerticle {
        @Override
        public void start(Promise<Void> started) {
            vertx.createHttpServer(options).requestHandler(handler).listen(config.port())
                    .onSuccess(server -> {
                        port = server.actualPort();
                        started.complete();
                    })
                    .onFailure(started::fail);
        }
    }
}
