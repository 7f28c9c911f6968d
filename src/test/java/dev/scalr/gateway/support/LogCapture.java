package dev.scalr.gateway.support;

import org.jboss.logmanager.ExtLogRecord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Keeps every record that reaches the root logger, as text: message, formatted message, parameters, throwable. */
public final class LogCapture extends Handler {

    public static final LogCapture INSTANCE = new LogCapture();

    private final Queue<String> records = new ConcurrentLinkedQueue<>();

    private LogCapture() {
        setLevel(Level.ALL);
    }

    /** Adds the handler to the root logger unless it is there already (Quarkus resets handlers at startup). */
    public static void install() {
        Logger root = Logger.getLogger("");
        if (Arrays.stream(root.getHandlers()).noneMatch(h -> h == INSTANCE)) {
            root.addHandler(INSTANCE);
        }
    }

    public static void uninstall() {
        Logger.getLogger("").removeHandler(INSTANCE);
    }

    /**
     * The test's own HTTP client (RestAssured over Apache HttpClient) runs in this JVM and logs the requests it
     * sends at DEBUG (org.apache.http.wire): that is the test's client, not the gateway, so it is not captured.
     */
    private static final List<String> TEST_CLIENT_LOGGERS = List.of("org.apache.http", "io.restassured");

    @Override
    public void publish(LogRecord record) {
        String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
        if (TEST_CLIENT_LOGGERS.stream().anyMatch(logger::startsWith)) {
            return;
        }
        StringBuilder text = new StringBuilder();
        text.append(record.getLevel()).append(' ').append(record.getLoggerName()).append(' ').append(record.getMessage());
        if (record instanceof ExtLogRecord ext) {
            try {
                text.append(" | ").append(ext.getFormattedMessage());
            } catch (RuntimeException e) {
                text.append(" | (unformattable)");
            }
        }
        if (record.getParameters() != null) {
            for (Object parameter : record.getParameters()) {
                text.append(" | ").append(parameter);
            }
        }
        for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
            text.append(" | ").append(t);
        }
        records.add(text.toString());
    }

    public List<String> records() {
        return new ArrayList<>(records);
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
    }
}
