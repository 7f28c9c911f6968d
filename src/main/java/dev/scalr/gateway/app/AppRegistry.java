package dev.scalr.gateway.app;

import dev.scalr.gateway.access.AccessRules;
import dev.scalr.gateway.access.RuleCompiler;
import dev.scalr.gateway.validation.ConfigProblems;
import dev.scalr.gateway.config.DomainConfig;
import dev.scalr.gateway.config.AppConfig;
import dev.scalr.gateway.config.GatewayConfig;
import dev.scalr.gateway.config.PlatformConfig;
import dev.scalr.gateway.config.Urls;
import io.quarkus.runtime.configuration.ConfigurationException;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Which app a request is for: by slug, or by the original host. Built once; fails startup on bad config. */
@Singleton
public class AppRegistry {

    private final Map<String, App> bySlug = new LinkedHashMap<>();
    private final Map<String, App> byHost = new LinkedHashMap<>();

    @Inject
    public AppRegistry(PlatformConfig platform, DomainConfig domain, GatewayConfig gateway, Config config) {
        this(platform, domain, gateway, ConfigProblems.of(platform, domain, gateway, config));
    }

    /** Without the checks that need the whole configuration (benchmarks). */
    public AppRegistry(PlatformConfig platform, DomainConfig domain, GatewayConfig gateway) {
        this(platform, domain, gateway, ConfigProblems.of(platform, domain, gateway));
    }

    private AppRegistry(PlatformConfig platform, DomainConfig domain, GatewayConfig gateway, List<String> problems) {
        if (!problems.isEmpty()) {
            throw new ConfigurationException("scalr-auth-gateway configuration has " + problems.size()
                    + " problem(s):\n  - " + String.join("\n  - ", problems));
        }
        gateway.apps().forEach((key, settings) -> {
            if (settings.enabled()) {
                App app = resolve(platform, domain, gateway, key, settings.slug().orElse(key), settings);
                bySlug.put(app.slug(), app);
                app.hosts().forEach(h -> byHost.put(h, app));
            }
        });
    }

    static App resolve(PlatformConfig platform, DomainConfig domain, GatewayConfig gateway, String key, String slug,
            AppConfig settings) {
        String issuer = settings.issuer().orElse(gateway.issuerTemplate()
                .replace("{authentik-host}", Urls.withoutTrailingSlash(platform.host())).replace("{slug}", slug));
        String jwks = settings.jwksUrl().orElse(gateway.jwksTemplate()
                .replace("{internal-host}", Urls.withoutTrailingSlash(platform.internalHost())).replace("{slug}", slug));
        Set<String> hosts = new LinkedHashSet<>();
        hosts.add((slug + "." + domain.publicDomain()).toLowerCase(Locale.ROOT));
        settings.hosts().orElse(List.of()).forEach(h -> hosts.add(h.toLowerCase(Locale.ROOT)));
        Set<String> allowedGroups = Set.copyOf(settings.allowedGroups().orElse(List.of()));
        List<String> publicPaths = List.copyOf(settings.publicPaths().orElse(List.of()));
        // the configuration was checked before (ConfigProblems): the rules compile without problems here
        AccessRules access = RuleCompiler.compile(key, settings.rules(), allowedGroups, publicPaths, new ArrayList<>());
        return new App(slug, issuer, jwks, settings.clientId(), allowedGroups, publicPaths, Set.copyOf(hosts),
                settings.signIn().orElse(settings.clientId().isPresent()), settings.clientSecret(),
                new App.Outpost(settings.providerName().orElse(slug), settings.publicJwksUrl()
                        .orElse(App.Outpost.defaults(slug, issuer).publicJwksUrl()), settings.entitlements(),
                        settings.basicAuth()), access);
    }


    public Optional<App> bySlug(String slug) {
        return Optional.ofNullable(bySlug.get(slug));
    }

    /** Host without port, any case. */
    public Optional<App> byHost(String host) {
        return host == null ? Optional.empty() : Optional.ofNullable(byHost.get(host.toLowerCase(Locale.ROOT)));
    }

    public Collection<App> all() {
        return bySlug.values();
    }
}
