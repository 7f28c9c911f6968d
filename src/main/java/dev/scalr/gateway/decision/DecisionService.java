package dev.scalr.gateway.decision;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.app.AppRegistry;
import dev.scalr.gateway.decision.Decision.Allow;
import dev.scalr.gateway.decision.Decision.Forbidden;
import dev.scalr.gateway.decision.Decision.Unauthorized;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.keys.KeySet;
import dev.scalr.gateway.signin.SignIn;
import dev.scalr.gateway.token.Identity;
import dev.scalr.gateway.token.TokenCache;
import dev.scalr.gateway.token.TokenFailure;
import dev.scalr.gateway.token.TokenVerifier;
import dev.scalr.gateway.token.Verification;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The whole decision, in order: which app, reserved sign-in path, public path, which credential
 * (bearer token, else session cookie, else sign-in or 401), verify, authorize.
 * Synchronous except when a token names an unknown key: then it waits for the (shared) key refresh.
 */
@Singleton
public class DecisionService {

    private final AppRegistry apps;
    private final Verifiers verifiers;
    private final SignIn signIn;

    @Inject
    public DecisionService(AppRegistry apps, Verifiers verifiers, SignIn signIn) {
        this.apps = apps;
        this.verifiers = verifiers;
        this.signIn = signIn;
    }

    /** @param slug the app named by the path (/auth/{slug}), or null to pick it by X-Forwarded-Host */
    public CompletionStage<Decision> decide(ForwardedRequest request, String slug) {
        Optional<App> found = slug != null ? apps.bySlug(slug) : apps.byHost(request.host());
        if (found.isEmpty()) {
            String what = slug != null ? "slug '" + slug + "'" : "host '" + (request.host() == null ? "(none)" : request.host()) + "'";
            return done(new Forbidden(null, null, "undeclared_app", "no app is declared for " + what,
                    "no app declared for " + what));
        }
        App app = found.get();
        if (signIn.isReserved(request)) {
            return signIn.handleReserved(app, request);
        }
        if (app.isPublic(request.path()) && Paths.isPlain(request.path())) {
            return done(new Allow(app, null, null, "public_path"));
        }
        Optional<String> bearer = Credentials.bearer(request.authorization());
        if (bearer.isEmpty()) {
            // a sealed session answers at once; a stored one (silent refresh) may wait for the store or a refresh
            return signIn.session(app, request).thenApply(session -> {
                if (session.isPresent()) {
                    // the session's ID token is what X-authentik-jwt carries for a browser (Authentik's outpost does so)
                    return authorize(app, session.get().identity(), session.get().idToken(), "valid_session");
                }
                Decision apiAnswer = new Unauthorized(app, "missing_token", "a bearer token is required", false,
                        request.authorization().isPresent() ? "Authorization is not a Bearer credential" : "no credential");
                return signIn.challenge(app, request, apiAnswer);
            });
        }
        String token = bearer.get();
        TokenVerifier verifier = verifiers.verifier(app);
        TokenCache cache = verifiers.cache(app);
        TokenCache.TokenHash key = cache.keyOf(token);
        Verification.Verified cached = cache.get(key, verifier.keys().current());
        if (cached != null) {
            return done(authorize(app, cached.identity(), token, "valid_token_cached"));
        }
        Verification first = verifier.verify(token);
        if (first instanceof Verification.Failed failed && needsKeys(failed)) {
            Optional<CompletionStage<KeySet>> refresh = verifier.keys().refreshForUnknownKid();
            if (refresh.isPresent()) {
                return refresh.get().thenApply(keys -> conclude(app, token, verifier.verify(token), cache, key));
            }
        }
        return done(conclude(app, token, first, cache, key));
    }

    private static boolean needsKeys(Verification.Failed failed) {
        return failed.failure() == TokenFailure.UNKNOWN_KEY || failed.failure() == TokenFailure.NO_KEYS;
    }

    private Decision conclude(App app, String token, Verification verification, TokenCache cache,
            TokenCache.TokenHash key) {
        if (verification instanceof Verification.Verified verified) {
            cache.put(key, verified);
            return authorize(app, verified.identity(), token, "valid_token");
        }
        Verification.Failed failed = (Verification.Failed) verification;
        return new Unauthorized(app, failed.failure().code(), failed.failure().description(), true, failed.logDetail());
    }

    private static Decision authorize(App app, Identity identity, String token, String reason) {
        if (!app.allowsAnyGroup() && !identity.inAnyOf(app.allowedGroups())) {
            return new Forbidden(app, identity, "group_not_allowed",
                    "your account is not in a group allowed to use this app", "allowed groups " + app.allowedGroups());
        }
        return new Allow(app, identity, token, reason);
    }

    private static CompletionStage<Decision> done(Decision decision) {
        return CompletableFuture.completedFuture(decision);
    }
}
