package dev.scalr.gateway.decision;

import dev.scalr.gateway.access.AccessRule;
import dev.scalr.gateway.access.StepUp;
import dev.scalr.gateway.app.App;
import dev.scalr.gateway.app.AppRegistry;
import dev.scalr.gateway.decision.Decision.Allow;
import dev.scalr.gateway.decision.Decision.BadRequest;
import dev.scalr.gateway.decision.Decision.Forbidden;
import dev.scalr.gateway.decision.Decision.Redirect;
import dev.scalr.gateway.decision.Decision.Unauthorized;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.identity.IdentityValues;
import dev.scalr.gateway.machine.BasicOutcome;
import dev.scalr.gateway.machine.MachineClients;
import dev.scalr.gateway.session.IdTokenClaims;
import dev.scalr.gateway.token.Identity;
import dev.scalr.gateway.token.BearerTokens;
import dev.scalr.gateway.token.Verification;
import dev.scalr.gateway.token.Verifiers;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The whole decision, in order: which app, reserved sign-in path, which access rule (public and deny need no
 * credential), which credential (bearer token, else session cookie, else sign-in or 401), verify, authorize
 * against the rule (groups, second factor, sign-in age).
 * Synchronous except when a token names an unknown key: then it waits for the (shared) key refresh.
 */
@Singleton
public class DecisionService {

    private final AppRegistry apps;
    private final Verifiers verifiers;
    private final BrowserSignIn signIn;
    private final MachineClients machineClients;
    private final Clock clock;

    @Inject
    public DecisionService(AppRegistry apps, Verifiers verifiers, BrowserSignIn signIn, MachineClients machineClients,
            Clock clock) {
        this.apps = apps;
        this.verifiers = verifiers;
        this.signIn = signIn;
        this.machineClients = machineClients;
        this.clock = clock;
    }

    /** @param slug the app named by the path (/auth/{slug}), or null to pick it by X-Forwarded-Host */
    public CompletionStage<Decision> decide(ForwardedRequest request, String slug) {
        Optional<App> found = slug != null ? apps.bySlug(slug) : apps.byHost(request.host());
        if (request.ambiguousForwarding() != null) {
            // decided before anything else: the app could act on another host, path or method than we would judge
            return done(new BadRequest(found.orElse(null), "ambiguous_forwarding",
                    "the forwarded request is ambiguous: " + request.ambiguousForwarding(), request.ambiguousForwarding()));
        }
        if (found.isEmpty()) {
            String what = slug != null ? "slug '" + slug + "'" : "host '" + (request.host() == null ? "(none)" : request.host()) + "'";
            return done(new Forbidden(null, null, "undeclared_app", "no app is declared for " + what,
                    "no app declared for " + what));
        }
        App app = found.get();
        if (signIn.isReserved(request)) {
            return signIn.handleReserved(app, request);
        }
        AccessRule rule = app.access().match(request.method(), request.path(), request.clientAddress());
        if (rule.policy() == AccessRule.Policy.PUBLIC) {
            return done(new Allow(app, null, null, "public_path", rule));
        }
        if (rule.policy() == AccessRule.Policy.DENY) {
            return done(new Forbidden(app, null, "rule_denied", "this address is not open to anyone",
                    "rule " + rule.label() + " denies (" + rule.text() + ")", rule));
        }
        if (request.repeatedAuthorization()) {
            return done(new Unauthorized(app, "duplicate_credentials", "send exactly one Authorization header", true,
                    "more than one Authorization header"));
        }
        Optional<Credentials.Basic> basic = app.outpost().basicAuth() ? Credentials.basic(request.authorization())
                : Optional.empty();
        if (basic.isPresent()) {
            return basic(app, rule, basic.get(), request);
        }
        Optional<String> bearer = Credentials.bearer(request.authorization());
        if (bearer.isEmpty()) {
            return sessionOrSignIn(app, rule, request);
        }
        String token = bearer.get();
        return verifyToken(app, rule, token, request);
    }

    /** No bearer token: a browser session, else sign-in (navigation) or 401 (everything else). */
    private CompletionStage<Decision> sessionOrSignIn(App app, AccessRule rule, ForwardedRequest request) {
        // a sealed session answers at once; a stored one (silent refresh) may wait for the store or a refresh
        return signIn.session(app, request).thenApply(session -> {
            if (session.isPresent()) {
                // the session's ID token is what X-authentik-jwt carries for a browser (Authentik's outpost does so)
                return authorize(app, rule, session.get().identity(), session.get().idToken(), false, "valid_session",
                        request);
            }
            List<String> duplicated = request.ambiguousCookies();
            if (!duplicated.isEmpty()) {
                Decision apiAnswer = new Unauthorized(app, Decision.DUPLICATE_COOKIE,
                        "the session cookie was sent more than once; sign in again", false,
                        "cookie " + duplicated + " sent more than once (set by a sibling host?), ignored");
                return decidedBy(rule, DuplicateCookies.clearOnSignIn(signIn.challenge(app, request, apiAnswer,
                        rule.firstSignIn()), duplicated, request));
            }
            Decision apiAnswer = new Unauthorized(app, "missing_token", "a bearer token is required", false,
                    request.authorization().isPresent() ? "Authorization is not a Bearer credential" : "no credential",
                    null, null, rule);
            return decidedBy(rule, signIn.challenge(app, request, apiAnswer, rule.firstSignIn()));
        });
    }

    /**
     * Machine clients on apps that opt in (as with Authentik's outpost): user goauthentik.io/token with a JWT
     * password is verified like a bearer token; any other user and app password is exchanged ({@link MachineClients}).
     */
    private CompletionStage<Decision> basic(App app, AccessRule rule, Credentials.Basic basic, ForwardedRequest request) {
        if (basic.malformed()) {
            return done(new Unauthorized(app, "malformed_credentials", "the Basic credential is not user:password in base64",
                    true, "unreadable Basic credential"));
        }
        if (Credentials.JWT_USERNAME.equals(basic.username())) {
            return verifyToken(app, rule, basic.password(), request);
        }
        return machineClients.appPassword(app, basic.username(), basic.password(), request.clientAddress())
                .thenApply(outcome -> outcome instanceof BasicOutcome.Verified v
                        ? authorize(app, rule, v.identity(), v.idToken(), true, v.reason(), request)
                        : refused(app, (BasicOutcome.Refused) outcome));
    }

    private static Decision refused(App app, BasicOutcome.Refused refused) {
        return new Unauthorized(app, refused.reason(), refused.description(), true, refused.logDetail());
    }

    /** A presented JWT: syntax, cache, remembered refusals, then verification (BearerTokens). */
    private CompletionStage<Decision> verifyToken(App app, AccessRule rule, String token, ForwardedRequest request) {
        return verifiers.bearer(app).check(token).thenApply(checked -> conclude(app, rule, token, checked, request));
    }

    private Decision conclude(App app, AccessRule rule, String token, BearerTokens.Checked checked,
            ForwardedRequest request) {
        if (checked.verification() instanceof Verification.Verified verified) {
            return authorize(app, rule, verified.identity(), token, true,
                    checked.cached() ? "valid_token_cached" : "valid_token", request);
        }
        Verification.Failed failed = (Verification.Failed) checked.verification();
        return new Unauthorized(app, failed.failure().code(), failed.failure().description(), true, failed.logDetail());
    }

    /**
     * @param token     the raw token the app receives as X-authentik-jwt (a session's ID token included)
     * @param presented whether the client presented a credential (its refusal then says invalid_token)
     */
    private Decision authorize(App app, AccessRule rule, Identity identity, String token, boolean presented,
            String reason, ForwardedRequest request) {
        String unsafe = IdentityValues.unsafeClaim(identity);
        if (unsafe != null) {
            // never the value: the claim's name is enough to find it in Authentik
            return new Unauthorized(app, "unsafe_identity", "the credential's identity holds a control character",
                    presented, "claim " + unsafe + " holds a control character");
        }
        if (!rule.admitsGroups(identity.groups())) {
            return new Forbidden(app, identity, "group_not_allowed",
                    "your account is not in a group allowed to use this " + ("default".equals(rule.label()) ? "app" : "page"),
                    "rule " + rule.label() + " needs groups " + rule.groupsText(), rule);
        }
        StepUp shortfall = rule.mfa() || rule.maxAgeSeconds() > 0
                ? rule.shortfall(identity.amr(), identity.authTime(), clock.instant().getEpochSecond()) : null;
        if (shortfall != null) {
            return stepUp(app, rule, identity, token, shortfall, presented, request);
        }
        return new Allow(app, identity, token, reason, rule);
    }

    /**
     * The user is known but signed in too weakly or too long ago for this rule: an API client is told so (RFC 9470);
     * a browser signs in again at Authentik, unless the sign-in behind its session already ran Authentik's login
     * flow and still shows no second factor: another would end the same way, so it is a 403 that says why.
     *
     * @param idToken the session's ID token (the browser case), or null
     */
    private Decision stepUp(App app, AccessRule rule, Identity identity, String idToken, StepUp shortfall,
            boolean presented, ForwardedRequest request) {
        String logDetail = "rule " + rule.label() + " needs " + (StepUp.MFA_REQUIRED.equals(shortfall.reason())
                ? "a second factor, amr " + identity.amr() : "a sign-in within " + shortfall.maxAgeSeconds()
                + "s, auth_time " + identity.authTime());
        Unauthorized apiAnswer = new Unauthorized(app, shortfall.reason(), shortfall.description(), presented,
                logDetail, null, shortfall, rule);
        if (presented) {
            return apiAnswer; // a client with a token gets a new one itself
        }
        if (StepUp.MFA_REQUIRED.equals(shortfall.reason()) && ranLoginFlow(identity, idToken)) {
            return new Forbidden(app, identity, "mfa_not_used", "this page needs a sign-in with a second factor, and"
                    + " your sign-in just now did not use one; ask for one to be set up on your account", logDetail, rule);
        }
        return decidedBy(rule, signIn.challenge(app, request, apiAnswer, shortfall));
    }

    /** A sign-in the rule asks for names the rule in the decision log, as every other answer of the rule does. */
    private static Decision decidedBy(AccessRule rule, Decision decision) {
        return decision instanceof Redirect redirect ? redirect.withRule(rule) : decision;
    }

    /**
     * Whether the session's tokens came straight from a login at Authentik (auth_time within a minute of the ID
     * token's iat: prompt=login, or no Authentik session to reuse), as opposed to single sign-on over an older
     * login, which a forced login can still strengthen. Without the ID token: a login in the last two minutes.
     */
    private boolean ranLoginFlow(Identity identity, String idToken) {
        if (identity.authTime() <= 0) {
            return false;
        }
        long issuedAt = IdTokenClaims.issuedAt(idToken).orElse(clock.instant().getEpochSecond() - 60);
        return issuedAt - identity.authTime() <= 60;
    }

    private static CompletionStage<Decision> done(Decision decision) {
        return CompletableFuture.completedFuture(decision);
    }
}
