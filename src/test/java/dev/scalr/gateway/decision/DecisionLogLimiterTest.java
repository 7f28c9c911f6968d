package dev.scalr.gateway.decision;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Denial lines per app and reason: a burst per window is written, the rest counted into one summary line. */
class DecisionLogLimiterTest {

    private static final long SECOND = 1_000_000_000L;

    private final AtomicLong now = new AtomicLong(1_000 * SECOND);
    private final DecisionLogLimiter limiter = new DecisionLogLimiter(3, Duration.ofSeconds(10), now::get);
    private final List<DecisionLogLimiter.Summary> summaries = new ArrayList<>();

    private int admitted(String app, String reason, int times) {
        int written = 0;
        for (int i = 0; i < times; i++) {
            written += limiter.admit(app, reason, summaries) ? 1 : 0;
        }
        return written;
    }

    @Test
    void floodOfOneReasonWritesOnlyTheBurstPerWindow() {
        assertEquals(3, admitted("grafana", "bad_signature", 10_000));
        assertTrue(summaries.isEmpty(), "the summary comes when the window ends");
    }

    @Test
    void otherAppsAndReasonsKeepTheirOwnLines() {
        admitted("grafana", "bad_signature", 100);
        assertEquals(3, admitted("grafana", "expired", 5));
        assertEquals(3, admitted("wiki", "bad_signature", 5));
    }

    @Test
    void endedWindowIsSummedUpBeforeTheNextLine() {
        admitted("grafana", "bad_signature", 53);
        now.addAndGet(10 * SECOND);
        assertTrue(limiter.admit("grafana", "bad_signature", summaries), "a new window writes again");
        assertEquals(List.of(new DecisionLogLimiter.Summary("grafana", "bad_signature", 50, 10_000)), summaries);
    }

    @Test
    void periodicSweepSumsUpAFloodThatStopped() {
        admitted("grafana", "malformed", 7);
        now.addAndGet(9 * SECOND);
        assertTrue(limiter.expired().isEmpty(), "the window is not over yet");
        now.addAndGet(2 * SECOND);
        assertEquals(List.of(new DecisionLogLimiter.Summary("grafana", "malformed", 4, 11_000)), limiter.expired());
        now.addAndGet(20 * SECOND);
        assertTrue(limiter.expired().isEmpty(), "nothing dropped since: no line");
    }

    @Test
    void windowWithoutDroppedLinesHasNoSummary() {
        admitted("grafana", "expired", 3);
        now.addAndGet(10 * SECOND);
        admitted("grafana", "expired", 1);
        assertTrue(summaries.isEmpty());
    }

    @Test
    void zeroBurstMeansNoLimit() {
        DecisionLogLimiter off = new DecisionLogLimiter(0, Duration.ofSeconds(10), now::get);
        for (int i = 0; i < 1000; i++) {
            assertTrue(off.admit("grafana", "bad_signature", summaries));
        }
        assertFalse(off.expired().iterator().hasNext());
    }
}
