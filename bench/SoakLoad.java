import dev.scalr.gateway.dev.authentik.FakeAuthentik;
import dev.scalr.gateway.dev.authentik.SigningKey;
import dev.scalr.gateway.dev.authentik.Tokens;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The soak's load and its sampler (bench/soak.sh starts it, then the gateway container). One JVM on the host:
 * <ul>
 * <li>the Authentik stand-in, the app jar's own FakeAuthentik, on SOAK_STANDIN_PORT of every interface (the container
 * reaches it as host.containers.internal): app whoami with a confidential client, the sign-in form, refresh tokens,
 * app passwords of 50 machine users, back-channel logout tokens signed with the app's key;</li>
 * <li>an open-model load at fixed rates (requests start on schedule whatever the answers do; latency counts from the
 * scheduled start, so a stalled gateway shows as latency, not as a slower load): bearer cache hits over 1,000 tokens,
 * first-seen tokens (each minted here, used once), Basic app passwords, a forged-token flood (distinct tokens, valid
 * claims, made-up signatures), and browsers: each signs in for real (the gateway's 302, the stand-in's form, the
 * callback through forwardAuth and the gateway's code exchange), opens a page 2 s after the previous one answered for
 * 4 to 10 minutes, then Authentik's back-channel logout ends it and its next page must be a sign-in redirect. Every request is sent from one
 * Vert.x event loop (one thread, no hand-offs between threads, so the driver adds little to the latency it measures on
 * a busy machine); RSA signing (first-seen and logout tokens) runs on other threads;</li>
 * <li>every 10 s a CSV row: the gateway JVM's RSS (/proc of SOAK_PID_FILE's pid), its container's cgroup memory, the
 * heap after the last collection and after the last full one (the gateway's /q/metrics), the gateway's own p99
 * decision time (its histogram's bucket) and its longest GC pause of late (Micrometer's max, which decays over two
 * minutes), the load's own lag (how late its event loop ran a 10 ms timer: a stall of the load, not of the gateway),
 * then per stream requests, p99 and failures of that window.</li>
 * </ul>
 * Every FULL_GC_EVERY seconds (0: never) one full collection is forced with the host's jcmd first, so the live set is
 * measured at known points whatever the collector's own schedule (its pause shows in that window's p99).
 * Environment: SOAK_STANDIN_PORT, SOAK_LISTENER (forwardAuth URL), SOAK_MAIN (main port URL), SOAK_PID_FILE, SOAK_CSV,
 * SOAK_DURATION (30m), SOAK_CLIENT_SECRET, SOAK_AUTHENTIK_HOST (public), SOAK_APP_HOST, rates RATE_BEARER (300/s),
 * RATE_FIRST_SEEN (50/s), RATE_BASIC (50/s), RATE_FORGED (300/s), RATE_SIGNIN (0.5/s), FULL_GC_EVERY (300),
 * ID_TOKEN_LIFETIME (300s).
 */
public class SoakLoad {

    static final String SLUG = "whoami";
    static final String CLIENT = "whoami-client";
    static final Map<String, String> ENV = System.getenv();

    final String listener = ENV.get("SOAK_LISTENER");
    final String main = ENV.get("SOAK_MAIN");
    final String appHost = ENV.getOrDefault("SOAK_APP_HOST", "whoami.localhost");
    final String publicAuthentik = ENV.getOrDefault("SOAK_AUTHENTIK_HOST", "http://auth.localhost");
    final String issuer = publicAuthentik + "/application/o/" + SLUG + "/";
    final int standInPort = Integer.parseInt(ENV.get("SOAK_STANDIN_PORT"));
    final String standIn = "http://127.0.0.1:" + standInPort + "/application/o/authorize/";
    final long durationSeconds = seconds(ENV.getOrDefault("SOAK_DURATION", "30m"));
    final SigningKey key = SigningKey.rsa();
    final FakeAuthentik authentik = new FakeAuthentik(new InetSocketAddress("0.0.0.0", standInPort));
    final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(2));
    final HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5000),
            new PoolOptions().setHttp1MaxSize(64));
    final Stream bearer = new Stream("bearer"), firstSeen = new Stream("first_seen"), basic = new Stream("basic"),
            forged = new Stream("forged"), signIn = new Stream("signin"), browser = new Stream("browser"),
            logout = new Stream("logout");
    final List<Stream> streams = List.of(bearer, firstSeen, basic, forged, signIn, browser, logout);
    final List<String> bearerTokens = new ArrayList<>();
    final BlockingQueue<String> freshTokens = new ArrayBlockingQueue<>(2000);
    final AtomicLong skipped = new AtomicLong();
    final AtomicLong lag = new AtomicLong();
    final AtomicInteger browsersAlive = new AtomicInteger();
    final AtomicInteger browserIds = new AtomicInteger();
    long counter; // event loop only
    volatile boolean running = true;

    public static void main(String[] args) throws Exception {
        new SoakLoad().run();
    }

    void run() throws Exception {
        authentik.publish(SLUG, SigningKey.jwks(key));
        authentik.signIn().client(SLUG, CLIENT, ENV.get("SOAK_CLIENT_SECRET"), key);
        authentik.signIn().loginForm(true);
        // a short ID token, so every stored session is refreshed during a browser's life (refresh interval = lifetime)
        authentik.signIn().idTokenLifetimeSeconds(seconds(ENV.getOrDefault("ID_TOKEN_LIFETIME", "300s")));
        authentik.appPasswords().client(SLUG, CLIENT, key);
        for (int i = 0; i < 50; i++) {
            authentik.appPasswords().appPassword("machine" + i, "app-password-" + i, List.of("robots"), List.of());
        }
        for (int i = 0; i < 1000; i++) {
            bearerTokens.add(token("user" + i, durationSeconds + 3600));
        }
        authentik.start();
        System.out.println("stand-in ready on :" + standInPort);

        long pid = Long.parseLong(awaitFile(Path.of(ENV.get("SOAK_PID_FILE"))).trim());
        awaitReady();
        System.out.println("gateway ready (pid " + pid + "), load for " + durationSeconds + " s");
        Thread minter = new Thread(this::mint, "minter");
        minter.setDaemon(true);
        minter.start();

        long start = System.nanoTime();
        List<Pacer> pacers = List.of(
                new Pacer(rate("RATE_BEARER", 300), this::bearerHit),
                new Pacer(rate("RATE_FIRST_SEEN", 50), this::firstSeenToken),
                new Pacer(rate("RATE_BASIC", 50), this::basicHit),
                new Pacer(rate("RATE_FORGED", 300), this::forgedToken),
                new Pacer(rate("RATE_SIGNIN", 0.5), this::browserLife));
        long pacing = vertx.setPeriodic(1, id -> pace(pacers, start));
        // how late a 10 ms timer of the load's own event loop fires: when this is large, so are the window's latencies,
        // and the delay is the load's (its JVM or its share of the machine), not the gateway's
        long[] lastTick = {System.nanoTime()};
        vertx.setPeriodic(10, id -> {
            long now = System.nanoTime();
            lag.accumulateAndGet(now - lastTick[0] - 10_000_000L, Math::max);
            lastTick[0] = now;
        });
        Sampler sampler = new Sampler(pid, Path.of(ENV.get("SOAK_CSV")), seconds(ENV.getOrDefault("FULL_GC_EVERY", "300")));
        sampler.sample(start, durationSeconds);
        running = false;
        vertx.cancelTimer(pacing);
        Thread.sleep(11_000); // requests in flight end (10 s timeout) before the totals
        System.out.println("load over: stream requests failures");
        for (Stream s : streams) {
            System.out.printf(Locale.ROOT, "  %-10s %9d %6d%n", s.name, s.total.get(), s.failures.get());
        }
        System.out.println("  first-seen tokens the minter could not supply in time (not sent): " + skipped.get());
        authentik.stop();
        System.exit(0);
    }

    // --- the streams (event loop) ---

    void bearerHit(long due) {
        String token = bearerTokens.get((int) (counter++ % bearerTokens.size()));
        expect(bearer, due, api("/api/items?page=2", "203.0.113.10").putHeader("Authorization", "Bearer " + token), 200);
    }

    void firstSeenToken(long due) {
        String token = freshTokens.poll();
        if (token == null) {
            skipped.incrementAndGet();
            return;
        }
        expect(firstSeen, due, api("/api/items", "203.0.113.11").putHeader("Authorization", "Bearer " + token), 200);
    }

    void basicHit(long due) {
        int machine = (int) (counter++ % 50);
        String credential = Base64.getEncoder().encodeToString(("machine" + machine + ":app-password-" + machine)
                .getBytes(StandardCharsets.UTF_8));
        // each machine client from its own address: the failure limiter counts per address
        expect(basic, due, api("/metrics", "198.51.100." + (machine + 1)).putHeader("Authorization", "Basic " + credential), 200);
    }

    void forgedToken(long due) {
        long n = counter++;
        expect(forged, due, api("/api/items", "192.0.2." + (n % 200 + 1)).putHeader("Authorization", "Bearer " + forge(n)), 401);
    }

    /** One browser: a real sign-in, pages every 2 s for 4 to 10 minutes, then a back-channel logout. */
    void browserLife(long due) {
        int id = browserIds.incrementAndGet();
        String user = "browser" + id;
        String password = "password-" + id;
        authentik.signIn().account(user, password, List.of("staff"), user + "@example.test");
        signIn(user, password).onComplete(result -> {
            signIn.record(due, result.succeeded(), result.succeeded() ? null : String.valueOf(result.cause()));
            if (result.failed()) {
                return;
            }
            browsersAlive.incrementAndGet();
            browse(user, new String[] {result.result()}, new long[] {(240 + ThreadLocalRandom.current().nextInt(361)) / 2});
        });
    }

    /**
     * The browser's next page 2 s after the previous one answered (a person reads, then clicks), or its end: one
     * request of a browser at a time, so its pages and its logout reach the gateway in the order it sent them.
     */
    void browse(String user, String[] jar, long[] left) {
        vertx.setTimer(2000, timer -> {
            long scheduled = System.nanoTime();
            if (!running) {
                browsersAlive.decrementAndGet();
            } else if (--left[0] > 0) {
                page(user, jar, scheduled).onComplete(done -> browse(user, jar, left));
            } else {
                endOfLife(user, jar, scheduled);
            }
        });
    }

    /** The whole authorization-code round trip; the session cookie, or a failure naming the step. */
    Future<String> signIn(String user, String password) {
        String[] login = new String[1];
        String[] query = new String[1];
        return send(navigation("/reports/" + user, "none"), null).compose(start -> {
            String authorize = start.headers.get("Location");
            step(start.status == 302 && authorize != null && authorize.startsWith(publicAuthentik + "/application/o/authorize/?"),
                    "302 to authorize", start);
            login[0] = start.cookies();
            query[0] = authorize.substring(authorize.indexOf('?') + 1);
            return send(get(standIn + "?" + query[0]), null);
        }).compose(form -> {
            step(form.status == 200, "the sign-in form", form);
            return send(post(standIn), "query=" + enc(query[0]) + "&username=" + enc(user) + "&password=" + enc(password));
        }).compose(posted -> {
            String callback = posted.headers.get("Location");
            step(posted.status == 302 && callback != null && callback.startsWith("https://" + appHost + "/.scalr-auth/callback?code="),
                    "302 to the callback", posted);
            return send(navigation(callback.substring(("https://" + appHost).length()), "cross-site").putHeader("Cookie", login[0]), null);
        }).compose(back -> {
            String session = back.cookies();
            step(back.status == 302 && !session.isEmpty(), "the callback's 302 with a session", back);
            return send(navigation("/reports/" + user, "none").putHeader("Cookie", session), null).map(page -> {
                step(page.status == 200 && user.equals(page.headers.get("X-authentik-username")), "the first page as " + user, page);
                return session;
            });
        });
    }

    Future<Void> page(String user, String[] jar, long due) {
        return send(navigation("/reports/" + user, "same-origin").putHeader("Cookie", jar[0]), null).transform(result -> {
            if (result.failed()) {
                browser.record(due, false, String.valueOf(result.cause()));
                return Future.succeededFuture();
            }
            Answer page = result.result();
            String fresh = page.cookies();
            if (!fresh.isEmpty()) {
                jar[0] = fresh;
            }
            boolean ok = page.status == 200 && user.equals(page.headers.get("X-authentik-username"));
            browser.record(due, ok, ok ? null : page.toString());
            return Future.succeededFuture();
        });
    }

    /** Authentik ends the user's session by back-channel logout (by sub); the browser's next page must sign in again. */
    void endOfLife(String user, String[] jar, long due) {
        browsersAlive.decrementAndGet();
        int[] ended = new int[1];
        vertx.<String>executeBlocking(() -> authentik.signIn().logoutToken(CLIENT, "sub-" + user, null, header -> { },
                claims -> claims.setIssuer(issuer)), false)
                .compose(token -> send(post(main + "/backchannel-logout/" + SLUG), "logout_token=" + enc(token)))
                .compose(answer -> {
                    ended[0] = answer.status;
                    step(answer.status == 200, "back-channel logout", answer);
                    return send(navigation("/reports/" + user, "same-origin").putHeader("Cookie", jar[0]), null);
                })
                .onComplete(result -> {
                    boolean ok = result.succeeded() && result.result().status == 302;
                    logout.record(due, ok, ok ? null : result.succeeded() ? "the page after the logout: " + result.result()
                            : String.valueOf(result.cause()));
                });
    }

    // --- requests ---

    record Answer(int status, MultiMap headers, String body) {
        /** The cookies the answer sets, as a Cookie header (cleared ones left out). */
        String cookies() {
            List<String> kept = new ArrayList<>();
            for (String set : headers.getAll("Set-Cookie")) {
                if (!set.toLowerCase(Locale.ROOT).contains("max-age=0")) {
                    kept.add(set.substring(0, set.indexOf(';') < 0 ? set.length() : set.indexOf(';')));
                }
            }
            return String.join("; ", kept);
        }

        @Override
        public String toString() {
            return "status " + status + " " + headers.entries() + " " + body.substring(0, Math.min(200, body.length()));
        }
    }

    static RequestOptions get(String url) {
        return new RequestOptions().setAbsoluteURI(url).setTimeout(10_000);
    }

    static RequestOptions post(String url) {
        return get(url).setMethod(HttpMethod.POST).putHeader("Content-Type", "application/x-www-form-urlencoded");
    }

    RequestOptions forwarded(String uri, String client) {
        return get(listener).putHeader("X-Forwarded-Method", "GET").putHeader("X-Forwarded-Proto", "https")
                .putHeader("X-Forwarded-Host", appHost).putHeader("X-Forwarded-Uri", uri).putHeader("X-Forwarded-For", client)
                .putHeader("Accept-Encoding", "gzip");
    }

    RequestOptions api(String uri, String client) {
        return forwarded(uri, client).putHeader("Accept", "application/json").putHeader("User-Agent", "scalr-soak/1");
    }

    /** A page navigation as Chrome sends it and Traefik forwards it. */
    RequestOptions navigation(String uri, String site) {
        return forwarded(uri, "203.0.113.20")
                .putHeader("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8")
                .putHeader("Accept-Language", "en-GB,en;q=0.9").putHeader("Sec-Fetch-Dest", "document")
                .putHeader("Sec-Fetch-Mode", "navigate").putHeader("Sec-Fetch-Site", site).putHeader("Sec-Fetch-User", "?1")
                .putHeader("Upgrade-Insecure-Requests", "1")
                .putHeader("User-Agent", "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36");
    }

    Future<Answer> send(RequestOptions options, String body) {
        return client.request(options)
                .compose(request -> body == null ? request.send() : request.send(body))
                .compose(response -> response.body().map(buffer -> new Answer(response.statusCode(), response.headers(), buffer.toString())));
    }

    void expect(Stream stream, long due, RequestOptions request, int status) {
        send(request, null).onComplete(result -> {
            boolean ok = result.succeeded() && result.result().status == status;
            stream.record(due, ok, ok ? null : result.succeeded() ? result.result().toString() : String.valueOf(result.cause()));
        });
    }

    static void step(boolean ok, String what, Answer answer) {
        if (!ok) {
            throw new IllegalStateException(what + ": " + answer);
        }
    }

    // --- tokens ---

    String token(String user, long lifetimeSeconds) {
        return Tokens.forApp(SLUG, CLIENT).issuer(issuer).username(user).claim("sub", "sub-" + user)
                .claim("email", user + "@example.test").groups("staff").expiresInSeconds(lifetimeSeconds).sign(key);
    }

    /** First-seen tokens ahead of the load (an RSA signature each: ~1 ms here, not on the event loop). */
    void mint() {
        long n = 0;
        while (true) {
            try {
                freshTokens.put(token("fresh" + n++, 3600));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** Right kid, valid claims, a made-up signature: what an attacker can send without the key. */
    String forge(long n) {
        long now = System.currentTimeMillis() / 1000;
        String header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + key.kid() + "\"}";
        String claims = "{\"iss\":\"" + issuer + "\",\"aud\":\"" + CLIENT + "\",\"sub\":\"forged" + n
                + "\",\"preferred_username\":\"forged" + n + "\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}";
        byte[] signature = new byte[256];
        ThreadLocalRandom.current().nextBytes(signature);
        signature[0] = 1; // below the modulus: a full RSA operation, not an early refusal
        return Tokens.b64(header) + "." + Tokens.b64(claims) + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    // --- pacing ---

    record Pacer(double perSecond, java.util.function.LongConsumer task, long[] issued) {
        Pacer(double perSecond, java.util.function.LongConsumer task) {
            this(perSecond, task, new long[1]);
        }
    }

    /** Every millisecond on the event loop: whatever each stream is due by now starts, stamped with when it was due. */
    void pace(List<Pacer> pacers, long start) {
        double elapsed = (System.nanoTime() - start) / 1e9;
        for (Pacer p : pacers) {
            // request i is due at i / rate: by now, those up to floor(rate * elapsed) are
            long due = p.perSecond() > 0 ? (long) (p.perSecond() * elapsed) + 1 : 0;
            for (long i = p.issued()[0]; i < due; i++) {
                p.task().accept(start + (long) (i / p.perSecond() * 1e9));
            }
            p.issued()[0] = Math.max(p.issued()[0], due);
        }
    }

    // --- per-stream windows ---

    static final class Stream {
        final String name;
        final AtomicLong total = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        private long[] latencies = new long[4096];
        private int size;
        private long windowFailures;

        Stream(String name) {
            this.name = name;
        }

        void record(long due, boolean ok, String failure) {
            long micros = (System.nanoTime() - due) / 1000;
            total.incrementAndGet();
            if (!ok) {
                long n = failures.incrementAndGet();
                if (n <= 20) {
                    System.err.printf("%tT %s failed: %s%n", System.currentTimeMillis(), name,
                            failure == null ? "?" : failure.substring(0, Math.min(600, failure.length())));
                }
            }
            synchronized (this) {
                if (size == latencies.length) {
                    latencies = Arrays.copyOf(latencies, size * 2);
                }
                latencies[size++] = micros;
                if (!ok) {
                    windowFailures++;
                }
            }
        }

        /** "requests,p99_ms,failures" of the window now ending, and a new window. */
        synchronized String take() {
            long[] sorted = Arrays.copyOf(latencies, size);
            Arrays.sort(sorted);
            String p99 = size == 0 ? "" : String.format(Locale.ROOT, "%.2f", sorted[(int) Math.ceil(size * 0.99) - 1] / 1000.0);
            String row = size + "," + p99 + "," + windowFailures;
            size = 0;
            windowFailures = 0;
            return row;
        }
    }

    // --- the sampler (its own thread: blocking reads, jcmd, one HTTP request a window) ---

    final class Sampler {
        final long pid;
        final Path csv;
        final long fullGcEvery;
        final Path cgroup;
        final java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        Map<Double, Double> lastBuckets = Map.of();
        double fullGcs;

        Sampler(long pid, Path csv, long fullGcEvery) throws IOException {
            this.pid = pid;
            this.csv = csv;
            this.fullGcEvery = fullGcEvery;
            this.cgroup = memoryCgroup(pid);
        }

        void sample(long start, long duration) throws Exception {
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(csv))) {
                StringBuilder header = new StringBuilder("t_s,rss_mb,cgroup_mb,heap_after_gc_mb,live_after_full_gc_mb,"
                        + "heap_committed_mb,nonheap_mb,young_gcs,full_gcs,forced_full_gc,browsers,first_seen_not_sent,"
                        + "gateway_p99_ms,gc_pause_max_ms,load_lag_max_ms");
                streams.forEach(s -> header.append(',').append(s.name).append("_n,").append(s.name).append("_p99_ms,")
                        .append(s.name).append("_failed"));
                out.println(header);
                metrics(); // the decision histogram's starting point
                long lastForced = 0;
                for (long t = 10; t <= duration; t += 10) {
                    long wake = start + TimeUnit.SECONDS.toNanos(t);
                    while (System.nanoTime() < wake) {
                        Thread.sleep(Math.max(1, (wake - System.nanoTime()) / 1_000_000));
                    }
                    StringBuilder row = new StringBuilder();
                    streams.forEach(s -> row.append(',').append(s.take()));
                    boolean force = fullGcEvery > 0 && t - lastForced >= fullGcEvery;
                    Map<String, Double> m;
                    if (force) {
                        lastForced = t;
                        double before = fullGcs;
                        forceFullGc();
                        // Micrometer learns of the collection from a JMX notification, a moment after jcmd returns
                        m = metrics();
                        for (int i = 0; i < 20 && !(m.getOrDefault("full", 0.0) > before); i++) {
                            Thread.sleep(100);
                            m = metrics();
                        }
                    } else {
                        m = metrics();
                    }
                    fullGcs = m.getOrDefault("full", fullGcs);
                    out.printf(Locale.ROOT, "%d,%.1f,%.1f,%.1f,%s,%.1f,%.1f,%.0f,%.0f,%d,%d,%d,%s,%.1f,%.1f%s%n", t, rssMb(), cgroupMb(),
                            m.getOrDefault("heap_after_gc", Double.NaN) / 1048576,
                            m.getOrDefault("live", 0.0) > 0 ? String.format(Locale.ROOT, "%.1f", m.get("live") / 1048576) : "",
                            m.getOrDefault("heap_committed", Double.NaN) / 1048576, m.getOrDefault("nonheap", Double.NaN) / 1048576,
                            m.getOrDefault("young", 0.0), m.getOrDefault("full", 0.0), force ? 1 : 0,
                            browsersAlive.get(), skipped.get(),
                            m.containsKey("decision_p99") ? String.format(Locale.ROOT, "%.1f", m.get("decision_p99") * 1000) : "",
                            m.getOrDefault("pause_max", Double.NaN) * 1000, lag.getAndSet(0) / 1e6, row);
                    out.flush();
                }
            }
        }

        double rssMb() {
            try {
                for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                    }
                }
            } catch (IOException e) {
                // the process is gone (OOM kill, crash): NaN in the CSV, and soak.sh reports the container's state
            }
            return Double.NaN;
        }

        double cgroupMb() {
            try {
                return Long.parseLong(Files.readString(cgroup.resolve("memory.usage_in_bytes")).trim()) / 1048576.0;
            } catch (Exception e) {
                return Double.NaN;
            }
        }

        void forceFullGc() {
            try {
                Process jcmd = new ProcessBuilder("jcmd", String.valueOf(pid), "GC.run").redirectErrorStream(true).start();
                String said = new String(jcmd.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!jcmd.waitFor(60, TimeUnit.SECONDS) || jcmd.exitValue() != 0) {
                    System.err.println("jcmd GC.run failed: " + said);
                }
            } catch (Exception e) {
                System.err.println("jcmd GC.run failed: " + e);
            }
        }

        /**
         * From /q/metrics: heap used after the last collection (every heap pool but the eden, which every collection
         * empties), old generation after the last full one (Micrometer's jvm_gc_live_data_size_bytes), committed heap,
         * non-heap used, young and full collections so far, and the p99 of the decisions since the last call: the
         * upper bound of the first gateway_decision_duration_seconds bucket holding 99 % of them (all outcomes).
         */
        Map<String, Double> metrics() {
            Map<String, Double> m = new java.util.HashMap<>();
            Map<Double, Double> buckets = new java.util.TreeMap<>();
            try {
                String body = http.send(HttpRequest.newBuilder(URI.create(main + "/q/metrics")).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).body();
                for (String line : body.split("\n")) {
                    if (line.startsWith("#") || line.isBlank()) {
                        continue;
                    }
                    double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                    if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"") && !line.contains("Eden")) {
                        m.merge("heap_after_gc", value, Double::sum);
                    } else if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"nonheap\"")) {
                        m.merge("nonheap", value, Double::sum);
                    } else if (line.startsWith("jvm_memory_committed_bytes{") && line.contains("area=\"heap\"")) {
                        m.merge("heap_committed", value, Double::sum);
                    } else if (line.startsWith("jvm_gc_live_data_size_bytes ")) {
                        m.put("live", value);
                    } else if (line.startsWith("jvm_gc_pause_seconds_count{") && line.contains("end of minor GC")) {
                        m.merge("young", value, Double::sum);
                    } else if (line.startsWith("jvm_gc_pause_seconds_count{") && line.contains("end of major GC")) {
                        m.merge("full", value, Double::sum);
                    } else if (line.startsWith("jvm_gc_pause_seconds_max{")) {
                        m.merge("pause_max", value, Math::max);
                    } else if (line.startsWith("gateway_decision_duration_seconds_bucket{")) {
                        String le = line.substring(line.indexOf("le=\"") + 4, line.indexOf('"', line.indexOf("le=\"") + 4));
                        buckets.merge(le.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(le), value, Double::sum);
                    }
                }
            } catch (Exception e) {
                System.err.println("metrics: " + e);
            }
            double all = buckets.getOrDefault(Double.POSITIVE_INFINITY, 0.0) - lastBuckets.getOrDefault(Double.POSITIVE_INFINITY, 0.0);
            if (all > 0) {
                for (Map.Entry<Double, Double> b : buckets.entrySet()) {
                    if (b.getValue() - lastBuckets.getOrDefault(b.getKey(), 0.0) >= 0.99 * all) {
                        m.put("decision_p99", b.getKey());
                        break;
                    }
                }
            }
            lastBuckets = buckets;
            return m;
        }
    }

    /** The memory controller's folder of the process (cgroup v1: /sys/fs/cgroup/memory/...; v2: /sys/fs/cgroup/...). */
    static Path memoryCgroup(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/cgroup"))) {
            String[] parts = line.split(":", 3);
            if (parts[1].equals("memory")) {
                return Path.of("/sys/fs/cgroup/memory" + parts[2]);
            }
            if (parts[0].equals("0") && parts[1].isEmpty()) {
                return Path.of("/sys/fs/cgroup" + parts[2]);
            }
        }
        return Path.of("/nonexistent");
    }

    // --- plumbing ---

    void awaitReady() throws Exception {
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        for (int i = 0; i < 1200; i++) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(main + "/q/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("the gateway did not turn ready in 120 s");
    }

    static String awaitFile(Path file) throws Exception {
        while (!Files.exists(file) || Files.size(file) == 0) {
            Thread.sleep(100);
        }
        return Files.readString(file);
    }

    static double rate(String name, double fallback) {
        return Double.parseDouble(ENV.getOrDefault(name, String.valueOf(fallback)));
    }

    static long seconds(String duration) {
        String d = duration.trim();
        char unit = d.charAt(d.length() - 1);
        long n = Character.isDigit(unit) ? Long.parseLong(d) : Long.parseLong(d.substring(0, d.length() - 1));
        return switch (unit) {
            case 'h' -> n * 3600;
            case 'm' -> n * 60;
            default -> n;
        };
    }

    static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
