package dev.scalr.gateway.health;

import dev.scalr.gateway.support.LogCapture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** What the startup self-check writes to the log for a probe's report. */
class StartupSelfCheckLogTest {

    /** What {@link AuthentikProbe} reports when nothing listens at AUTHENTIK_INTERNAL_HOST: both health checks fail alike. */
    private static final String UNREACHABLE = "Authentik is unreachable at AUTHENTIK_INTERNAL_HOST=http://127.0.0.1:9"
            + " (ConnectException: Connection refused: /127.0.0.1:9): check that the Authentik server container runs"
            + " and shares a network with the gateway";

    @BeforeEach
    void capture() {
        LogCapture.install();
    }

    @AfterEach
    void release() {
        LogCapture.uninstall();
    }

    @Test
    void authentikDownIsLoggedOnceNotOncePerHealthCheck() {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("grafana.issuer", "app grafana: discovery at http://127.0.0.1:9/application/o/grafana/ failed");
        checks.put("grafana.keys", "ok");
        checks.put("authentik.live", UNREACHABLE);
        checks.put("authentik.ready", UNREACHABLE);

        int before = LogCapture.INSTANCE.records().size();
        StartupSelfCheck.log(new AuthentikProbe.Report(checks), null);

        List<String> all = LogCapture.INSTANCE.records();
        List<String> lines = all.subList(before, all.size()).stream().filter(r -> r.contains("self-check: ")).toList();
        assertEquals(1, lines.stream().filter(r -> r.contains("Authentik is unreachable")).count(), lines::toString);
        assertEquals(1, lines.stream().filter(r -> r.contains("app grafana: discovery")).count(), lines::toString);
    }
}
