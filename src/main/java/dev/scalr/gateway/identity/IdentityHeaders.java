package dev.scalr.gateway.identity;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.token.Identity;
import io.netty.util.AsciiString;
import io.vertx.core.http.HttpHeaders;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The identity headers an app receives. Names follow Authentik's own outpost (default) and/or oauth2-proxy,
 * so apps written for either work unchanged (with the authentik set: all twelve of the outpost's headers, identity,
 * X-authentik-jwt and meta; docs/operations.md "Outpost compatibility"). Every configured header is always emitted, empty when unknown:
 * proxies that copy a header the gateway omitted may pass a placeholder or the client's spoofed value.
 */
@Singleton
public class IdentityHeaders {

    public static final String AUTHENTIK_JWT = "X-authentik-jwt";
    private static final CharSequence JWT_NAME = HttpHeaders.createOptimized(AUTHENTIK_JWT);

    private static final Map<String, Function<Identity, String>> AUTHENTIK = new LinkedHashMap<>();
    private static final Map<String, Function<Identity, String>> OAUTH2_PROXY = new LinkedHashMap<>();
    /** The outpost's meta headers, about the app and the gateway rather than the user (values: {@link #meta}). */
    private static final List<String> AUTHENTIK_META = List.of("X-authentik-meta-jwks", "X-authentik-meta-outpost",
            "X-authentik-meta-provider", "X-authentik-meta-app", "X-authentik-meta-version");

    static {
        // the names, order and formats of Authentik's outpost (proxyv2/application/mode_common.go, addHeaders)
        AUTHENTIK.put("X-authentik-username", Identity::username);
        AUTHENTIK.put("X-authentik-groups", i -> HeaderLists.join(i.groups(), '|', "X-authentik-groups"));
        AUTHENTIK.put("X-authentik-entitlements",
                i -> HeaderLists.join(i.entitlements(), '|', "X-authentik-entitlements"));
        AUTHENTIK.put("X-authentik-email", Identity::email);
        AUTHENTIK.put("X-authentik-name", Identity::name);
        AUTHENTIK.put("X-authentik-uid", Identity::subject);
        OAUTH2_PROXY.put("X-Auth-Request-User", Identity::username);
        OAUTH2_PROXY.put("X-Auth-Request-Email", Identity::email);
        OAUTH2_PROXY.put("X-Auth-Request-Groups", i -> HeaderLists.join(i.groups(), ',', "X-Auth-Request-Groups"));
        OAUTH2_PROXY.put("X-Auth-Request-Preferred-Username", Identity::username);
    }

    /** The twelve headers of Authentik's outpost, in its order: always emitted with the default header set. */
    public static final List<String> OUTPOST_NAMES;
    /** Every header this gateway can emit: what Traefik's authResponseHeaders must list. */
    public static final List<String> ALL_NAMES;

    static {
        List<String> outpost = new ArrayList<>(AUTHENTIK.keySet());
        outpost.add(AUTHENTIK_JWT);
        outpost.addAll(AUTHENTIK_META);
        OUTPOST_NAMES = List.copyOf(outpost);
        List<String> all = new ArrayList<>(OUTPOST_NAMES);
        all.addAll(OAUTH2_PROXY.keySet());
        ALL_NAMES = List.copyOf(all);
    }

    /** The emitted names, pre-encoded for Netty (no per-request validation or re-encoding). */
    private final CharSequence[] names;
    private final List<Function<Identity, String>> values;
    private final boolean authentik;
    private final boolean forwardToken;
    private final CharSequence[] metaNames = AUTHENTIK_META.stream().map(HttpHeaders::createOptimized)
            .toArray(CharSequence[]::new);
    private final String outpostName;
    private final String version;
    /** Meta values per app slug: computed once, they never change. */
    private final Map<String, CharSequence[]> metaBySlug = new ConcurrentHashMap<>();

    @Inject
    public IdentityHeaders(GatewayConfig config,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "unknown") String version) {
        this(config.headers().sets(), config.headers().forwardToken(), config.headers().outpostName(), version);
    }

    /** @param version the gateway's version; X-authentik-meta-version is {@code scalr-auth-gateway/<version>} */
    public IdentityHeaders(List<String> sets, boolean forwardToken, String outpostName, String version) {
        Map<String, Function<Identity, String>> chosen = new LinkedHashMap<>();
        this.authentik = sets.contains("authentik");
        if (authentik) {
            chosen.putAll(AUTHENTIK);
        }
        if (sets.contains("oauth2-proxy")) {
            chosen.putAll(OAUTH2_PROXY);
        }
        this.names = chosen.keySet().stream().map(HttpHeaders::createOptimized).toArray(CharSequence[]::new);
        this.values = List.copyOf(chosen.values());
        this.forwardToken = forwardToken;
        this.outpostName = outpostName;
        this.version = "scalr-auth-gateway/" + version;
    }

    /**
     * Writes every configured header; identity null (public path) writes them all empty. The values are built once
     * per identity, in the form Netty writes as they are (ASCII bytes), and kept with it: a cached token or session
     * hands the same Identity to every request, so a hit only looks them up.
     *
     * @param rawToken what X-authentik-jwt carries when forwarding is on: the presented bearer token (or the JWT
     *                 password of a Basic credential, or the ID token of an app-password exchange), or a browser
     *                 session's ID token; null sends it empty
     */
    public void write(App app, Identity identity, String rawToken, BiConsumer<CharSequence, CharSequence> out) {
        if (identity == null) {
            for (CharSequence name : names) {
                out.accept(name, AsciiString.EMPTY_STRING);
            }
            if (authentik || forwardToken) {
                out.accept(JWT_NAME, AsciiString.EMPTY_STRING);
            }
            if (authentik) {
                for (CharSequence name : metaNames) {
                    out.accept(name, AsciiString.EMPTY_STRING);
                }
            }
            return;
        }
        Rendered rendered = rendered(identity, rawToken);
        for (int i = 0; i < names.length; i++) {
            out.accept(names[i], rendered.values[i]);
        }
        if (authentik || forwardToken) {
            out.accept(JWT_NAME, !forwardToken || rawToken == null ? AsciiString.EMPTY_STRING
                    : rawToken.equals(rendered.token) ? rendered.jwt : ascii(rawToken));
        }
        if (authentik) {
            CharSequence[] meta = app == null ? null : meta(app);
            for (int i = 0; i < metaNames.length; i++) {
                out.accept(metaNames[i], meta == null ? AsciiString.EMPTY_STRING : meta[i]);
            }
        }
    }

    /**
     * This writer's values for the identity: kept with it from its second allowed request on. A token seen once (a
     * rotation larger than the token cache) then leaves nothing behind in the cache for the collector to copy.
     */
    private Rendered rendered(Identity identity, String rawToken) {
        Object memo = identity.rendered();
        if (memo instanceof Rendered known && known.writer == this) {
            return known;
        }
        AsciiString[] values = new AsciiString[this.values.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = ascii(this.values.get(i).apply(identity));
        }
        Rendered built = new Rendered(this, values, rawToken, rawToken == null || !forwardToken ? null : ascii(rawToken));
        identity.rendered(memo == null ? SEEN_ONCE : built);
        return built;
    }

    /** What a first request leaves in {@link Identity#rendered()}: the second builds the values again and keeps them. */
    private static final Object SEEN_ONCE = new Object();

    /** A header value as the bytes Netty writes, made header-safe once. */
    private static AsciiString ascii(String value) {
        return new AsciiString(headerSafe(value));
    }

    /** @param token the raw token jwt was made from (the next request's token is compared with it) */
    private record Rendered(IdentityHeaders writer, AsciiString[] values, String token, AsciiString jwt) {
    }

    /** The outpost's meta values, computed once per app (a plain get first: no capturing lambda per request). */
    private CharSequence[] meta(App app) {
        CharSequence[] known = metaBySlug.get(app.slug());
        return known != null ? known : metaBySlug.computeIfAbsent(app.slug(), slug -> metaValues(app));
    }

    /** The outpost's meta values: public JWKS URI, outpost name, provider name, app slug, version. */
    private CharSequence[] metaValues(App app) {
        return new CharSequence[] {ascii(app.outpost().publicJwksUrl()), ascii(outpostName),
                ascii(app.outpost().providerName()), ascii(app.slug()), ascii(version)};
    }

    /**
     * Claim values come from the IdP but may hold anything. A credential whose identity holds a control character is
     * refused before it gets here ({@link IdentityValues}) and list values holding one are left out ({@link HeaderLists});
     * dropping them here is only the last guard against header injection. Non-ASCII goes as raw UTF-8 bytes, as
     * Authentik's Go outpost does (Netty writes chars as Latin-1).
     */
    static String headerSafe(String value) {
        if (isPlainAscii(value)) {
            return value; // the usual case, on every allowed request: no copy
        }
        StringBuilder clean = new StringBuilder(value.length());
        boolean ascii = true;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                continue;
            }
            ascii &= c < 0x80;
            clean.append(c);
        }
        String text = clean.toString();
        return ascii ? text : new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    private static boolean isPlainAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

}
