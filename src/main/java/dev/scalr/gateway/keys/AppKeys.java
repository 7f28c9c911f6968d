package dev.scalr.gateway.keys;

import dev.scalr.gateway.app.App;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The key cache of one app. Requests read {@link #current()} (a volatile read, nothing else);
 * refreshes run asynchronously, one at a time, and a failed or garbage fetch keeps the last good keys.
 */
public final class AppKeys {

    private static final Logger LOG = Logger.getLogger(AppKeys.class);
    /** A fetch that keeps failing the same way is logged again after this long, not on every retry. */
    static final Duration REPEAT_LOG_INTERVAL = Duration.ofMinutes(5);

    private final App app;
    private final Function<String, CompletionStage<String>> fetch;
    private final Clock clock;
    private final long cooldownMillis;

    private volatile KeySet keys = KeySet.EMPTY;
    private volatile Instant lastGoodFetch;
    private volatile String lastError = "keys not fetched yet";
    private final AtomicLong lastUnknownKidFetch = new AtomicLong(Long.MIN_VALUE / 2);
    private final AtomicReference<CompletableFuture<KeySet>> inFlight = new AtomicReference<>();
    private final AtomicLong fetchCount = new AtomicLong();
    private final KeyFetchListener listener;
    private final UnaryOperator<java.security.PublicKey> prepare;
    // Written only by the single fetch in flight (see refresh()).
    private int failedInARow;
    private String loggedProblem;
    private long loggedProblemAt;

    public AppKeys(App app, Function<String, CompletionStage<String>> fetch, Clock clock, Duration unknownKidCooldown) {
        this(app, fetch, clock, unknownKidCooldown, KeyFetchListener.NONE);
    }

    /** @param listener told the result of every fetch (metrics) */
    public AppKeys(App app, Function<String, CompletionStage<String>> fetch, Clock clock, Duration unknownKidCooldown,
            KeyFetchListener listener) {
        this(app, fetch, clock, unknownKidCooldown, listener, UnaryOperator.identity());
    }

    /** @param prepare converts each fetched key for the signature provider (see {@link KeySet#parse(String, UnaryOperator)}) */
    public AppKeys(App app, Function<String, CompletionStage<String>> fetch, Clock clock, Duration unknownKidCooldown,
            KeyFetchListener listener, UnaryOperator<java.security.PublicKey> prepare) {
        this.prepare = prepare;
        this.listener = listener;
        this.app = app;
        this.fetch = fetch;
        this.clock = clock;
        this.cooldownMillis = unknownKidCooldown.toMillis();
    }

    public KeySet current() {
        return keys;
    }

    /** Fetches now unless a fetch is already running, in which case its result is shared. */
    public CompletionStage<KeySet> refresh() {
        CompletableFuture<KeySet> mine = new CompletableFuture<>();
        CompletableFuture<KeySet> running = inFlight.compareAndExchange(null, mine);
        if (running != null) {
            return running;
        }
        fetchCount.incrementAndGet();
        CompletionStage<String> body;
        try {
            body = fetch.apply(app.jwksUrl());
        } catch (RuntimeException e) {
            body = CompletableFuture.failedFuture(e);
        }
        body.whenComplete((json, error) -> {
            accept(json, error);
            inFlight.set(null);
            mine.complete(keys);
        });
        return mine;
    }

    /**
     * A token named a kid we do not know: maybe the provider switched keys. Refetch at most once per
     * cooldown, so a flood of made-up kids costs one fetch; empty when the cooldown forbids a fetch.
     */
    public Optional<CompletionStage<KeySet>> refreshForUnknownKid() {
        CompletableFuture<KeySet> running = inFlight.get();
        if (running != null) {
            return Optional.of(running);
        }
        long now = clock.millis();
        long last = lastUnknownKidFetch.get();
        if (now - last < cooldownMillis || !lastUnknownKidFetch.compareAndSet(last, now)) {
            return Optional.empty();
        }
        return Optional.of(refresh());
    }

    private void accept(String json, Throwable error) {
        if (error != null) {
            lastError = "JWKS fetch from " + app.jwksUrl() + " failed: " + describe(error);
            if (failed("fetch-failed " + describe(error))) {
                LOG.warnf("app=%s keys=fetch-failed url=%s error=\"%s\" cached_keys=%d failed_in_a_row=%d", app.slug(),
                        app.jwksUrl(), describe(error), keys.size(), failedInARow);
            }
            listener.fetched(app, KeyFetchListener.Result.FAILED);
            return;
        }
        KeySet parsed;
        try {
            parsed = KeySet.parse(json, prepare);
        } catch (Exception e) {
            lastError = "JWKS from " + app.jwksUrl() + " is not a JSON Web Key Set";
            if (failed("garbage")) {
                LOG.warnf("app=%s keys=garbage url=%s cached_keys=%d failed_in_a_row=%d", app.slug(), app.jwksUrl(),
                        keys.size(), failedInARow);
            }
            listener.fetched(app, KeyFetchListener.Result.GARBAGE);
            return;
        }
        if (parsed.isEmpty()) {
            lastError = "JWKS at " + app.jwksUrl() + " has no RSA or EC signing key: in Authentik, edit the OAuth2 "
                    + "provider of application '" + app.slug() + "' and select a Signing Key (without one it signs HS256)";
            if (failed("none")) {
                LOG.errorf("app=%s keys=none url=%s fix=\"select a Signing Key in the Authentik provider\" cached_keys=%d "
                        + "failed_in_a_row=%d", app.slug(), app.jwksUrl(), keys.size(), failedInARow);
            }
            listener.fetched(app, KeyFetchListener.Result.NO_KEYS);
            return;
        }
        if (!keys.equals(parsed)) {
            LOG.infof("app=%s keys=loaded count=%d url=%s after_failed_fetches=%d", app.slug(), parsed.size(),
                    app.jwksUrl(), failedInARow);
        } else if (failedInARow > 0) {
            LOG.infof("app=%s keys=recovered count=%d url=%s after_failed_fetches=%d", app.slug(), parsed.size(),
                    app.jwksUrl(), failedInARow);
        }
        failedInARow = 0;
        loggedProblem = null;
        keys = parsed;
        lastGoodFetch = clock.instant();
        lastError = null;
        listener.fetched(app, KeyFetchListener.Result.OK);
    }

    /**
     * Counts a failed fetch; true when it should be logged: the first of a run, a different problem than the
     * one last logged, or the same one {@link #REPEAT_LOG_INTERVAL} later. Retries come every 30 s while
     * Authentik is down; one line per retry would bury everything else.
     */
    private boolean failed(String problem) {
        failedInARow++;
        long now = clock.millis();
        if (problem.equals(loggedProblem) && now - loggedProblemAt < REPEAT_LOG_INTERVAL.toMillis()) {
            return false;
        }
        loggedProblem = problem;
        loggedProblemAt = now;
        return true;
    }

    private static String describe(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    public App app() {
        return app;
    }

    public KeyStatus status() {
        return new KeyStatus(keys.size(), Optional.ofNullable(lastGoodFetch), Optional.ofNullable(lastError));
    }

    public long fetchCount() {
        return fetchCount.get();
    }

    /** What readiness reports for one app. */
    public record KeyStatus(int keyCount, Optional<Instant> lastGoodFetch, Optional<String> lastError) {
    }
}
