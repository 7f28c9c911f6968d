package dev.scalr.gateway.health;

import dev.scalr.gateway.config.CryptoChoice;
import dev.scalr.gateway.crypto.CryptoProviders;
import dev.scalr.gateway.crypto.SignatureProvider;
import dev.scalr.gateway.support.Providers;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** /q/health/started names the signature provider, and why it is the JDK's when the native one did not load. */
class StartedCheckTest {

    @Test
    void theStartedCheckSaysWhenTheNativeProviderWasGivenUp() {
        SignatureProvider fallback = CryptoProviders.choose(CryptoChoice.NATIVE, () -> {
            throw new UnsatisfiedLinkError("libamazonCorrettoCryptoProvider.so: wrong ELF class");
        });
        HealthCheckResponse response = StartedCheck.judge(List.of("grafana"), fallback);
        Map<String, Object> data = response.getData().orElseThrow();
        assertEquals(HealthCheckResponse.Status.UP, response.getStatus(), "the JDK's provider still serves");
        assertTrue(data.get("signature-provider").toString().startsWith("jdk (fallback: the native provider is unavailable: "
                + "UnsatisfiedLinkError: libamazonCorrettoCryptoProvider.so: wrong ELF class"), data.toString());
        assertEquals("grafana", data.get("apps"));
    }

    @Test
    void theStartedCheckNamesTheNativeProvider() {
        Map<String, Object> data = StartedCheck.judge(List.of("grafana"), Providers.NATIVE).getData().orElseThrow();
        assertTrue(data.get("signature-provider").toString().matches("AmazonCorrettoCryptoProvider [0-9.]+ \\(native\\)"),
                data.toString());
    }
}
