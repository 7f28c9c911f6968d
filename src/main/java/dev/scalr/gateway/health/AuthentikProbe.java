package dev.scalr.gateway.health;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.app.AppRegistry;
import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.config.PlatformConfig;
import dev.scalr.gateway.keys.AppKeys;
import dev.scalr.gateway.keys.KeyCaches;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jose4j.json.JsonUtil;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Checks the configuration against the running Authentik, without blocking any thread: per app, the
 * discovery document fetched through the internal host as the public host (Host and X-Forwarded-Proto of
 * AUTHENTIK_HOST, as Authentik's own outpost does) must name the issuer the gateway expects, and the app's
 * JWKS must hold a usable key; Authentik's /-/health/live/ and /-/health/ready/ must answer 2xx.
 * Every finding is a sentence saying what to fix.
 */
@ApplicationScoped
public class AuthentikProbe {

    /** Check name to "ok" or the finding; insertion-ordered. */
    public record Report(Map<String, String> checks) {
        public boolean healthy() {
            return checks.values().stream().allMatch("ok"::equals);
        }

        /** Each finding once: Authentik down fails live and ready with the same sentence. */
        public List<String> findings() {
            return checks.values().stream().filter(v -> !"ok".equals(v)).distinct().toList();
        }
    }

    private static final int MAX_BYTES = 256 * 1024;

    private final AppRegistry apps;
    private final KeyCaches keys;
    private final PlatformConfig platform;
    private final HttpClient client;
    private final long timeoutMillis;
    private final ProbeCache<Report> cache;

    @Inject
    public AuthentikProbe(AppRegistry apps, KeyCaches keys, PlatformConfig platform, GatewayConfig config, Vertx vertx) {
        this.apps = apps;
        this.keys = keys;
        this.platform = platform;
        // one probe at a time (the cache) needs at most one request per app plus two: nothing queues beyond that
        this.client = vertx.createHttpClient(new HttpClientOptions().setMaxPoolSize(4).setKeepAlive(false)
                .setMaxWaitQueueSize(apps.all().size() + 2));
        this.timeoutMillis = config.keys().fetchTimeout().toMillis();
        this.cache = new ProbeCache<>(config.selfCheck().maxAge(), System::nanoTime, this::probe);
    }

    /**
     * The report: a probe already in flight is shared, and one younger than gateway.self-check.max-age is
     * answered again, so calling the endpoint in a loop costs Authentik at most one round per max-age.
     */
    public CompletionStage<Report> run() {
        return cache.get();
    }

    private CompletionStage<Report> probe() {
        Map<String, CompletableFuture<String>> pending = new LinkedHashMap<>();
        for (App app : apps.all()) {
            pending.put(app.slug() + ".issuer", discovery(app));
            pending.put(app.slug() + ".keys", CompletableFuture.completedFuture(keyFinding(keys.of(app))));
        }
        pending.put("authentik.live", health("/-/health/live/", "live"));
        pending.put("authentik.ready", health("/-/health/ready/", "ready"));
        return CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new)).thenApply(done -> {
            Map<String, String> checks = new LinkedHashMap<>();
            pending.forEach((name, result) -> checks.put(name, result.join()));
            return new Report(checks);
        });
    }

    private CompletableFuture<String> discovery(App app) {
        String url = internal() + "/application/o/" + app.slug() + "/.well-known/openid-configuration";
        URI pub = URI.create(base(platform.host()));
        String host = pub.getHost() + (pub.getPort() >= 0 ? ":" + pub.getPort() : "");
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url)
                .setTimeout(timeoutMillis).putHeader("Accept", "application/json")
                .putHeader("Host", host).putHeader("X-Forwarded-Proto", pub.getScheme());
        return get(options).handle((response, error) -> {
            String prefix = "app " + app.slug() + ": ";
            if (error != null) {
                return prefix + "discovery at " + url + " failed (" + describe(error) + "): check that AUTHENTIK_INTERNAL_HOST ("
                        + internal() + ") is Authentik's container URL and reachable from the gateway";
            }
            if (response.status() == 404) {
                return prefix + "Authentik has no OAuth2/OpenID provider at " + url + " (HTTP 404): create the application"
                        + " with slug '" + app.slug() + "' in Authentik, or set GATEWAY_APPS_<KEY>_SLUG to its slug";
            }
            if (response.status() / 100 != 2) {
                return prefix + "discovery at " + url + " answered HTTP " + response.status()
                        + ": check Authentik's logs and AUTHENTIK_INTERNAL_HOST";
            }
            // jose4j's parser, as for every other document: the first Vert.x JsonObject builds Jackson's
            // ObjectMapper, which blocked this event loop for over a second under load.
            Object issuer;
            try {
                issuer = JsonUtil.parseJson(response.body()).get("issuer");
            } catch (Exception e) {
                issuer = null;
            }
            if (!(issuer instanceof String named)) {
                return prefix + "the document at " + url + " is not an OpenID discovery document (no issuer):"
                        + " check that AUTHENTIK_INTERNAL_HOST points at Authentik";
            }
            return named.equals(app.issuer()) ? "ok" : mismatch(app, named);
        }).toCompletableFuture();
    }

    private String mismatch(App app, String issuer) {
        String said = "app " + app.slug() + ": Authentik says issuer " + issuer + " but the gateway expects " + app.issuer();
        String derived = base(platform.host()) + "/application/o/" + app.slug() + "/";
        if (!app.issuer().equals(derived)) {
            return said + ": set gateway.apps." + app.slug() + ".issuer (GATEWAY_APPS_<KEY>_ISSUER) to " + issuer
                    + " or remove it";
        }
        URI told = URI.create(issuer);
        URI pub = URI.create(base(platform.host()));
        if (told.getHost() != null && told.getHost().equalsIgnoreCase(pub.getHost()) && !told.getScheme().equals(pub.getScheme())) {
            return said + ": Authentik ignored X-Forwarded-Proto; add the gateway's network to Authentik's"
                    + " AUTHENTIK_LISTEN__TRUSTED_PROXY_CIDRS, or set AUTHENTIK_HOST to the scheme browsers use";
        }
        String minted = told.getScheme() != null && told.getRawAuthority() != null
                ? " (here " + told.getScheme() + "://" + told.getRawAuthority() + ")" : "";
        return said + ": set AUTHENTIK_HOST to the public URL Authentik mints tokens for" + minted
                + ", and keep the provider in per-provider issuer mode";
    }

    private static String keyFinding(AppKeys appKeys) {
        AppKeys.KeyStatus status = appKeys.status();
        String slug = appKeys.app().slug();
        if (status.lastError().isEmpty() && status.keyCount() > 0) {
            return "ok";
        }
        String error = status.lastError().orElse("no usable signing key");
        String fix = error.contains("Signing Key") ? "" : ": check AUTHENTIK_INTERNAL_HOST and that Authentik serves "
                + appKeys.app().jwksUrl();
        return "app " + slug + ": " + error + fix
                + (status.keyCount() > 0 ? " (still using " + status.keyCount() + " cached key(s))" : "");
    }

    private CompletableFuture<String> health(String path, String what) {
        String url = internal() + path;
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setAbsoluteURI(url).setTimeout(timeoutMillis);
        return get(options).handle((response, error) -> {
            if (error != null) {
                return "Authentik is unreachable at AUTHENTIK_INTERNAL_HOST=" + internal() + " (" + describe(error)
                        + "): check that the Authentik server container runs and shares a network with the gateway";
            }
            if (response.status() / 100 == 2) {
                return "ok";
            }
            return "Authentik is not " + what + " (HTTP " + response.status() + " from " + url + ")"
                    + ("ready".equals(what) ? ": check its database and cache (Authentik's logs say which)"
                            : ": check the Authentik server container and its logs");
        }).toCompletableFuture();
    }

    private record Response(int status, String body) {
    }

    private CompletionStage<Response> get(RequestOptions options) {
        CompletableFuture<Response> result = new CompletableFuture<>();
        try {
            client.request(options)
                    .compose(req -> req.send())
                    .compose(resp -> resp.body().map(body -> new Response(resp.statusCode(),
                            body.length() > MAX_BYTES ? "" : body.toString())))
                    .onSuccess(result::complete)
                    .onFailure(result::completeExceptionally);
        } catch (RuntimeException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    private String internal() {
        return base(platform.internalHost());
    }

    private static String base(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    private static String describe(Throwable error) {
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                ? error.getCause() : error;
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

}
