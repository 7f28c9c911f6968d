package dev.scalr.gateway;

import dev.scalr.gateway.crypto.EarlyNativeLoad;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

/** The packaged app's entry point: starts the native provider's load beside the boot, then boots Quarkus. */
@QuarkusMain
public class GatewayMain {

    public static void main(String... args) {
        EarlyNativeLoad.startIfWanted(System.getenv(), System.getProperties(), Runtime.getRuntime().availableProcessors());
        Quarkus.run(args);
    }
}
