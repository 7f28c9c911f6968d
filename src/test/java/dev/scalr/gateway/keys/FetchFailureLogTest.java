package dev.scalr.gateway.keys;

import dev.scalr.gateway.support.TestApps;
import dev.scalr.gateway.app.App;
import dev.scalr.gateway.support.LogCapture;
import dev.scalr.gateway.support.MutableClock;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** While Authentik is down the retries come every 30 s: the log gets the first failure, a reminder, the recovery. */
class FetchFailureLogTest {

    private static final String JWKS = SigningKey.jwks(SigningKey.rsa());

    private final String slug = "logs-" + UUID.randomUUID().toString().substring(0, 8);
    private final App app = TestApps.apiApp(slug);
    private final MutableClock clock = new MutableClock();
    private String answer = JWKS;
    private final AppKeys keys = new AppKeys(app, this::fetch, clock, Duration.ofSeconds(30));

    private CompletionStage<String> fetch(String url) {
        return answer == null ? CompletableFuture.failedFuture(new ConnectException("Connection refused"))
                : CompletableFuture.completedFuture(answer);
    }

    @BeforeEach
    void capture() {
        LogCapture.install();
    }

    @AfterEach
    void release() {
        LogCapture.uninstall();
    }

    private List<String> lines(String event) {
        return LogCapture.INSTANCE.records().stream()
                .filter(r -> r.contains("app=" + slug + " keys=" + event)).toList();
    }

    /** Fetches every 30 s (the retry cap) for the given number of attempts. */
    private void fetchEvery30s(int attempts) {
        for (int i = 0; i < attempts; i++) {
            clock.set(clock.instant().plusSeconds(30));
            keys.refresh();
        }
    }

    @Test
    void outageIsLoggedOnceThenEveryFiveMinutesAndItsEndIsLogged() {
        clock.set(Instant.parse("2026-11-29T03:00:00Z"));
        keys.refresh();
        answer = null;
        fetchEvery30s(20); // ten minutes of failed retries

        List<String> failed = lines("fetch-failed");
        assertEquals(2, failed.size(), String.join("\n", failed)); // the first, and one reminder five minutes on
        assertTrue(failed.get(1).contains("failed_in_a_row=11"), failed.get(1));

        answer = JWKS;
        fetchEvery30s(1);
        List<String> recovered = lines("recovered");
        assertEquals(1, recovered.size());
        assertTrue(recovered.get(0).contains("after_failed_fetches=20"), recovered.get(0));
        assertTrue(keys.status().lastError().isEmpty());
    }

    @Test
    void aDifferentProblemIsLoggedAtOnce() {
        clock.set(Instant.parse("2026-11-29T03:00:00Z"));
        answer = null;
        fetchEvery30s(2);
        answer = "<html>Authentik is starting</html>";
        fetchEvery30s(2);
        answer = "{\"keys\":[]}";
        fetchEvery30s(1);

        assertEquals(1, lines("fetch-failed").size());
        assertEquals(1, lines("garbage").size());
        assertEquals(1, lines("none").size());
        assertTrue(lines("none").get(0).contains("failed_in_a_row=5"), lines("none").get(0));
    }

    @Test
    void keysArrivingAfterFailuresAreLoggedAsLoadedWithTheFailureCount() {
        clock.set(Instant.parse("2026-11-29T03:00:00Z"));
        answer = null;
        fetchEvery30s(3);
        answer = JWKS;
        fetchEvery30s(1);

        assertEquals(1, lines("loaded").size());
        assertTrue(lines("loaded").get(0).contains("after_failed_fetches=3"), lines("loaded").get(0));
        assertEquals(List.of(), lines("recovered"));
    }
}
