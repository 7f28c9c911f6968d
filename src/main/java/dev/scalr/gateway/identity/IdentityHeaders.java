package dev.scalr.gateway.identity;

import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.token.Identity;
import io.vertx.core.http.HttpHeaders;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * The identity headers an app receives. Names follow Authentik's own outpost (default) and/or oauth2-proxy,
 * so apps written for either work unchanged. Every configured header is always emitted, empty when unknown:
 * proxies that copy a header the gateway omitted may pass a placeholder or the client's spoofed value.
 */
@Singleton
public class IdentityHeaders {

    public static final String AUTHENTIK_JWT = "X-authentik-jwt";
    private static final CharSequence JWT_NAME = HttpHeaders.createOptimized(AUTHENTIK_JWT);

    private static final Map<String, Function<Identity, String>> AUTHENTIK = new LinkedHashMap<>();
    private static final Map<String, Function<Identity, String>> OAUTH2_PROXY = new LinkedHashMap<>();

    static {
        AUTHENTIK.put("X-authentik-username", Identity::username);
        AUTHENTIK.put("X-authentik-groups", i -> HeaderLists.join(i.groups(), '|', "X-authentik-groups"));
        AUTHENTIK.put("X-authentik-email", Identity::email);
        AUTHENTIK.put("X-authentik-name", Identity::name);
        AUTHENTIK.put("X-authentik-uid", Identity::subject);
        OAUTH2_PROXY.put("X-Auth-Request-User", Identity::username);
        OAUTH2_PROXY.put("X-Auth-Request-Email", Identity::email);
        OAUTH2_PROXY.put("X-Auth-Request-Groups", i -> HeaderLists.join(i.groups(), ',', "X-Auth-Request-Groups"));
        OAUTH2_PROXY.put("X-Auth-Request-Preferred-Username", Identity::username);
    }

    /** Every header this gateway can emit: what Traefik's authResponseHeaders must list. */
    public static final List<String> ALL_NAMES;

    static {
        List<String> all = new ArrayList<>(AUTHENTIK.keySet());
        all.addAll(OAUTH2_PROXY.keySet());
        all.add(AUTHENTIK_JWT);
        ALL_NAMES = List.copyOf(all);
    }

    /** The emitted names, pre-encoded for Netty (no per-request validation or re-encoding). */
    private final CharSequence[] names;
    private final List<Function<Identity, String>> values;
    private final boolean forwardToken;

    @Inject
    public IdentityHeaders(GatewayConfig config) {
        this(config.headers().sets(), config.headers().forwardToken());
    }

    public IdentityHeaders(List<String> sets, boolean forwardToken) {
        Map<String, Function<Identity, String>> chosen = new LinkedHashMap<>();
        if (sets.contains("authentik")) {
            chosen.putAll(AUTHENTIK);
        }
        if (sets.contains("oauth2-proxy")) {
            chosen.putAll(OAUTH2_PROXY);
        }
        this.names = chosen.keySet().stream().map(HttpHeaders::createOptimized).toArray(CharSequence[]::new);
        this.values = List.copyOf(chosen.values());
        this.forwardToken = forwardToken;
    }

    /** Writes every configured header; identity null (public path) writes them all empty. */
    public void write(Identity identity, String bearer, BiConsumer<CharSequence, String> out) {
        for (int i = 0; i < names.length; i++) {
            out.accept(names[i], identity == null ? "" : headerSafe(values.get(i).apply(identity)));
        }
        if (forwardToken) {
            out.accept(JWT_NAME, identity == null || bearer == null ? "" : bearer);
        }
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
