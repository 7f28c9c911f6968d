package dev.scalr.gateway;

import dev.scalr.gateway.crypto.EarlyNativeLoad;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * The packaged app's entry point: turns off Vert.x's re-validation of every response header value (read once, when
 * Vert.x loads), starts the native provider's load beside the boot, then boots Quarkus.
 *
 * <p>Every value the gateway writes is made header-safe when it is built (identity values once per identity, see
 * IdentityHeaders) or checked where it is written (decision/DecisionResponder, HeaderValues): Vert.x checking the
 * same bytes again cost a cache hit 6 % of its event-loop time, most of it scanning the forwarded token
 * (docs/performance.md, "A cache hit at the floor"). Tests and dev mode do not come through here, so they run
 * with Vert.x's check on: a value it would refuse fails a test.
 */
@QuarkusMain
public class GatewayMain {

    public static void main(String... args) {
        System.setProperty("vertx.disableHttpHeadersValidation", "true");
        EarlyNativeLoad.startIfWanted(System.getenv(), System.getProperties(), Runtime.getRuntime().availableProcessors());
        Quarkus.run(args);
    }
}
