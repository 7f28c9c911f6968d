package dev.scalr.gateway.page;

import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.config.PlatformConfig;
import dev.scalr.gateway.config.Urls;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Renders the page a person gets ({@link PageView}) from the page set ({@link PageSet}), with a Content-Security-Policy
 * that allows nothing but the page's own inline CSS, its inline logo, and forms posting to the app (whose sign-out
 * then continues at Authentik).
 */
@Singleton
public class Pages {

    /** A page and the policy that goes with it. */
    public record Rendered(String html, String contentSecurityPolicy) {
    }

    private final PageSet set;
    private final String policy;

    @Inject
    public Pages(GatewayConfig config, PlatformConfig platform) {
        this(PageSet.load(config.pages()), Urls.withoutTrailingSlash(platform.host()));
    }

    Pages(PageSet set, String authentikHost) {
        this.set = set;
        URI authentik = URI.create(authentikHost);
        String authentikOrigin = authentik.getScheme() + "://" + authentik.getRawAuthority();
        // form-action is checked again on the redirect a sign-out POST answers with: Authentik's end-session
        this.policy = "default-src 'none'; style-src '" + set.cssHash + "'; img-src data:; form-action 'self' "
                + authentikOrigin + "; base-uri 'none'";
    }

    public Rendered render(PageView view) {
        Map<String, String> values = new HashMap<>();
        values.put("lang", set.lang);
        values.put("style", set.css);
        values.put("logo", set.logo);
        values.put("status", Integer.toString(view.status()));
        put(values, "title", view.title());
        put(values, "message", view.message());
        put(values, "app", view.app());
        put(values, "user", view.user());
        put(values, "sign_out", view.signOut());
        put(values, "account_url", view.accountUrl());
        put(values, "sign_in_url", view.signInUrl());
        put(values, "home_url", view.homeUrl());
        return new Rendered(set.template.render(values),
                view.framable() ? policy : policy + "; frame-ancestors 'none'");
    }

    private static void put(Map<String, String> values, String name, String value) {
        if (value != null) {
            values.put(name, value);
        }
    }
}
