import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServerOptions;

/**
 * The JVM floor of bench/load.sh: the gateway's HTTP stack doing nothing. A plain Vert.x server on one event loop
 * with the options of the gateway's forwardAuth listener (web/AuthListener: TCP_NODELAY, no h2c upgrade, no
 * WebSocket compression, no compression), answering every request 200 with no body. Run with the gateway's own
 * jars and JVM flags, so what separates it from a gateway case is the gateway's work, not the JVM or Vert.x
 * (against nginx's floor, the gap is the JVM and Vert.x too).
 * Run: java -cp 'target/quarkus-app/lib/main/*' bench/VertxNoopServer.java PORT
 */
public class VertxNoopServer {

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
        HttpServerOptions options = new HttpServerOptions().setHost("127.0.0.1").setPort(port).setTcpNoDelay(true)
                .setHttp2ClearTextEnabled(false)
                .setPerMessageWebSocketCompressionSupported(false).setPerFrameWebSocketCompressionSupported(false)
                .setCompressionSupported(false);
        vertx.createHttpServer(options).requestHandler(request -> request.response().end())
                .listen().toCompletionStage().toCompletableFuture().join();
        System.out.println("vertx no-op server on " + port);
    }
}
