package dev.scalr.gateway.token;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.keys.AppKeys;
import dev.scalr.gateway.keys.KeySet;
import dev.scalr.gateway.token.Verification.Failed;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.jwx.JsonWebStructure;
import org.jose4j.lang.UnresolvableKeyException;

import java.security.Key;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Verifies the tokens of one app with jose4j (the library under smallrye-jwt): signature with the app's
 * cached keys, exact public issuer, audience, exp/nbf/iat with clock skew, and a fixed algorithm allow-list.
 * Built once per app; thread-safe.
 */
public final class TokenVerifier {

    private static final int TEN_YEARS = 315_360_000;

    /** First of jose4j's two passes: structure only (no signature, no claim checks), shared by all apps. */
    private static final JwtConsumer PARSE_ONLY = new JwtConsumerBuilder()
            .setSkipAllValidators()
            .setDisableRequireSignature()
            .setSkipSignatureVerification()
            .setJwsAlgorithmConstraints(AlgorithmConstraints.NO_CONSTRAINTS)
            .build();

    private static final Pattern UNPRINTABLE = Pattern.compile("[\\p{Cntrl}\"]");

    private final App app;
    private final AppKeys keys;
    private final int maxLength;
    private final Set<String> algorithms;
    private final JwtConsumer consumer;
    private final LegacyIssuers legacyIssuers;

    public TokenVerifier(App app, AppKeys keys, int maxLength, Duration clockSkew, List<String> algorithms) {
        this(app, keys, maxLength, clockSkew, algorithms, LegacyIssuers.none());
    }

    /** @param legacyIssuers the issuer migration window (see {@link LegacyIssuers}) */
    public TokenVerifier(App app, AppKeys keys, int maxLength, Duration clockSkew, List<String> algorithms,
            LegacyIssuers legacyIssuers) {
        this.legacyIssuers = legacyIssuers;
        this.app = app;
        this.keys = keys;
        this.maxLength = maxLength;
        this.algorithms = Set.copyOf(algorithms);
        int skew = (int) clockSkew.toSeconds();
        JwtConsumerBuilder builder = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setAllowedClockSkewInSeconds(skew)
                .setIssuedAtRestrictions(skew, TEN_YEARS)
                .setExpectedIssuers(true, legacyIssuers.acceptedIssuers(app))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithms.toArray(String[]::new))
                .setVerificationKeyResolver((jws, nesting) -> resolve(jws.getKeyIdHeaderValue()));
        if (app.clientId().isPresent()) {
            builder.setExpectedAudience(true, app.clientId().get());
        } else {
            builder.setSkipDefaultAudienceValidation();
        }
        this.consumer = builder.build();
    }

    private Key resolve(String kid) throws UnresolvableKeyException {
        Key key = keys.current().find(kid);
        if (key == null) {
            throw new UnresolvableKeyException("no key for kid " + kid);
        }
        return key;
    }

    public Verification verify(String token) {
        if (token.length() > maxLength) {
            return Failed.of(TokenFailure.TOO_LARGE, "length " + token.length() + " > " + maxLength);
        }
        int dots = countDots(token);
        if (dots == 4) {
            return Failed.of(TokenFailure.ENCRYPTED, "five-part compact serialization");
        }
        if (dots != 2) {
            return Failed.of(TokenFailure.MALFORMED, "not three dot-separated parts");
        }
        // Parse once: header and claims are read here, and the same context is then verified and validated.
        JwtContext parsed;
        try {
            parsed = PARSE_ONLY.process(token);
        } catch (InvalidJwtException | RuntimeException e) {
            return Failed.of(TokenFailure.MALFORMED, "not base64url JSON objects");
        }
        JsonWebStructure jws = parsed.getJoseObjects().get(0);
        String alg = jws.getAlgorithmHeaderValue();
        if (alg == null || !algorithms.contains(alg)) {
            return Failed.of(TokenFailure.ALGORITHM, "alg " + printable(alg) + " not in " + algorithms);
        }
        String kid = jws.getKeyIdHeaderValue();
        KeySet current = keys.current();
        if (current.isEmpty()) {
            return new Failed(TokenFailure.NO_KEYS, "no keys cached for " + app.jwksUrl(), Optional.ofNullable(kid));
        }
        if (!current.contains(kid)) {
            return new Failed(TokenFailure.UNKNOWN_KEY, "kid " + printable(kid) + " not in JWKS " + app.jwksUrl(),
                    Optional.ofNullable(kid));
        }
        try {
            consumer.processContext(parsed);
            JwtClaims claims = parsed.getJwtClaims();
            Optional<Identity> admitted = legacyIssuers.admit(app, claims.getClaimValueAsString("iss"), identity(claims));
            if (admitted.isEmpty()) {
                return Failed.of(TokenFailure.WRONG_ISSUER, "expected iss \"" + app.issuer() + "\" but got \""
                        + printable(claims.getClaimValueAsString("iss")) + "\" (legacy issuer after gateway.legacy-issuers-until)");
            }
            Object nonce = claims.getClaimValue("nonce");
            return new Verification.Verified(admitted.get(), kid, nonce instanceof String n ? n : null);
        } catch (InvalidJwtException e) {
            return failure(e, kid);
        } catch (RuntimeException e) {
            // jose4j may throw unchecked on pathological input; never let it become a 5xx
            return Failed.of(TokenFailure.MALFORMED, e.getClass().getSimpleName());
        }
    }

    private Failed failure(InvalidJwtException e, String kid) {
        if (e.hasErrorCode(ErrorCodes.EXPIRED)) {
            return Failed.of(TokenFailure.EXPIRED, "exp " + claim(e, "exp"));
        }
        if (e.hasErrorCode(ErrorCodes.NOT_YET_VALID) || e.hasErrorCode(ErrorCodes.ISSUED_AT_INVALID_FUTURE)) {
            return Failed.of(TokenFailure.NOT_YET_VALID, "nbf " + claim(e, "nbf") + " iat " + claim(e, "iat"));
        }
        if (e.hasErrorCode(ErrorCodes.ISSUER_INVALID) || e.hasErrorCode(ErrorCodes.ISSUER_MISSING)) {
            return Failed.of(TokenFailure.WRONG_ISSUER,
                    "expected iss \"" + app.issuer() + "\" but got \"" + claim(e, "iss") + "\"");
        }
        if (e.hasErrorCode(ErrorCodes.AUDIENCE_INVALID) || e.hasErrorCode(ErrorCodes.AUDIENCE_MISSING)) {
            return Failed.of(TokenFailure.WRONG_AUDIENCE,
                    "expected aud \"" + app.clientId().orElse("") + "\" but got " + claim(e, "aud"));
        }
        if (e.hasErrorCode(ErrorCodes.EXPIRATION_MISSING)) {
            return Failed.of(TokenFailure.MISSING_CLAIM, "exp missing");
        }
        if (e.hasErrorCode(ErrorCodes.SIGNATURE_INVALID) || e.hasErrorCode(ErrorCodes.SIGNATURE_MISSING)) {
            return Failed.of(TokenFailure.BAD_SIGNATURE, "signature does not verify with kid " + printable(kid));
        }
        if (e.getCause() instanceof UnresolvableKeyException) {
            return new Failed(TokenFailure.UNKNOWN_KEY, "kid " + printable(kid) + " vanished during verification",
                    Optional.ofNullable(kid));
        }
        return Failed.of(TokenFailure.MALFORMED, "rejected by the JWT parser");
    }

    private static Identity identity(JwtClaims claims) throws InvalidJwtException {
        try {
            String subject = claims.getSubject();
            String username = claims.getStringClaimValue("preferred_username");
            Object groupsClaim = claims.getClaimValue("groups");
            List<String> groups = groupsClaim instanceof List<?> list
                    ? list.stream().filter(String.class::isInstance).map(String.class::cast).toList()
                    : groupsClaim instanceof String one ? List.of(one) : List.of();
            return new Identity(subject == null ? "" : subject, username == null ? (subject == null ? "" : subject) : username,
                    nullToEmpty(claims.getStringClaimValue("email")), nullToEmpty(claims.getStringClaimValue("name")),
                    groups, Instant.ofEpochSecond(claims.getExpirationTime().getValue()), Identity.stringList(claims.getClaimValue("entitlements")));
        } catch (MalformedClaimException e) {
            throw new InvalidJwtException("malformed claim", List.of(), null);
        }
    }

    private static String claim(InvalidJwtException e, String name) {
        JwtContext context = e.getJwtContext();
        if (context == null || context.getJwtClaims() == null) {
            return "?";
        }
        return printable(context.getJwtClaims().getClaimValue(name));
    }

    /** Claim values go to the log: keep them short and free of control characters. */
    static String printable(Object value) {
        if (value == null) {
            return "none";
        }
        String text = UNPRINTABLE.matcher(String.valueOf(value)).replaceAll("?");
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static int countDots(String token) {
        int dots = 0;
        for (int i = 0; i < token.length(); i++) {
            if (token.charAt(i) == '.') {
                dots++;
            }
        }
        return dots;
    }

    public App app() {
        return app;
    }

    public AppKeys keys() {
        return keys;
    }
}
