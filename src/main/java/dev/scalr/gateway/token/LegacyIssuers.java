package dev.scalr.gateway.token;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.config.Urls;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The issuer migration window (gateway.legacy-issuers, gateway.legacy-issuers-until): after AUTHENTIK_HOST
 * changes, tokens minted under a previous base ({@code <base>/application/o/<slug>/}) stay valid until the
 * deadline, verified with the same keys and every other check unchanged; after it they are wrong_issuer.
 * Accepted legacy tokens never outlive the deadline, not even in the token cache.
 */
public final class LegacyIssuers {

    private static final LegacyIssuers NONE = new LegacyIssuers(List.of(), Optional.empty(), Clock.systemUTC(), app -> {
    });

    private final List<String> bases;
    private final Optional<Instant> until;
    private final Clock clock;
    private final Consumer<App> onAccepted;

    /** @param onAccepted called once per token verified under a legacy issuer (metrics) */
    public LegacyIssuers(List<String> bases, Optional<Instant> until, Clock clock, Consumer<App> onAccepted) {
        this.bases = bases.stream().map(String::strip).map(Urls::withoutTrailingSlash).toList();
        this.until = until;
        this.clock = clock;
        this.onAccepted = onAccepted;
    }

    public static LegacyIssuers none() {
        return NONE;
    }

    /** The issuers the JWT consumer may accept for this app: its own first, then the legacy ones. */
    public String[] acceptedIssuers(App app) {
        List<String> issuers = new ArrayList<>();
        issuers.add(app.issuer());
        if (until.isPresent()) {
            for (String base : bases) {
                String legacy = base + "/application/o/" + app.slug() + "/";
                if (!issuers.contains(legacy)) {
                    issuers.add(legacy);
                }
            }
        }
        return issuers.toArray(String[]::new);
    }

    /**
     * Decides a token whose signature and claims verified against {@link #acceptedIssuers}: its own issuer
     * passes unchanged; a legacy issuer passes before the deadline (counted, and expiring at the deadline
     * at the latest); anything else is empty (wrong issuer).
     */
    public Optional<Identity> admit(App app, String iss, Identity identity) {
        if (app.issuer().equals(iss)) {
            return Optional.of(identity);
        }
        if (until.isEmpty() || !clock.instant().isBefore(until.get())) {
            return Optional.empty();
        }
        onAccepted.accept(app);
        Instant expires = identity.expiresAt().isAfter(until.get()) ? until.get() : identity.expiresAt();
        return Optional.of(new Identity(identity.subject(), identity.username(), identity.email(), identity.name(),
                identity.groups(), expires, identity.entitlements()));
    }

}
