package dev.scalr.gateway.session;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.token.TokenVerifier;
import dev.scalr.gateway.token.Verification;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates a back-channel logout token (OpenID Connect Back-Channel Logout 1.0, section 2.6) of one app: read and
 * its signature checked by the app's {@link TokenVerifier}, with the hardening every token of the app gets (strict
 * syntax and JSON, the algorithm allow-list, no crit, a key that fits), then its own claims: exact public
 * issuer, the app's client id in aud, iat not in the future nor older than {@link #MAX_AGE}, exp when present,
 * the back-channel-logout event, sid or sub, a jti, and no nonce (an ID token is never a logout token). typ is
 * logout+jwt as the spec recommends; "JWT" or none is also accepted, because explicit typing is a SHOULD for the
 * OP and the events claim and the missing nonce already tell the two apart. The jti replay check is the caller's.
 */
public final class LogoutTokens {

    static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    /** Authentik sends at once from its worker; older tokens are refused so the jti memory stays bounded. */
    public static final Duration MAX_AGE = Duration.ofMinutes(10);
    private static final Pattern COMPACT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");
    private static final int MAX_LENGTH = 16384;

    /** A valid logout token: whose sessions to end, and its jti for the replay check. */
    public record Logout(String sub, String sid, String jti, long iat) {
    }

    /** A refusal; the reason is safe to answer and log (no token content). */
    public static final class Invalid extends Exception {
        public Invalid(String reason) {
            super(reason, null, false, false);
        }
    }

    private final TokenVerifier verifier;
    private final JwtConsumer claimsRules;
    private final Clock clock;

    /** @param verifier the app's verifier: the hardened reading and the signature every token of the app gets */
    public LogoutTokens(TokenVerifier verifier, List<String> algorithms, Duration clockSkew, Clock clock) {
        App app = verifier.app();
        this.verifier = verifier;
        this.clock = clock;
        int skew = (int) clockSkew.toSeconds();
        this.claimsRules = new JwtConsumerBuilder()
                .setSkipSignatureVerification() // checked by the verifier, on the same keys as the app's tokens
                .setDisableRequireSignature()
                .setAllowedClockSkewInSeconds(skew)
                .setIssuedAtRestrictions(skew, (int) MAX_AGE.toSeconds())
                .setRequireIssuedAt()
                .setRequireJwtId()
                .setExpectedIssuer(true, app.issuer())
                .setExpectedAudience(true, app.clientId().orElseThrow())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithms.toArray(String[]::new))
                .build();
    }

    public Logout verify(String token) throws Invalid {
        if (token == null || token.length() > MAX_LENGTH || !COMPACT.matcher(token).matches()) {
            throw new Invalid("not a signed JWT");
        }
        TokenVerifier.Checked checked = verifier.verifyOther(token, MAX_LENGTH);
        if (checked.failure() != null) {
            throw new Invalid(describe(checked.failure()));
        }
        JwtClaims claims = checked.claims();
        try {
            claimsRules.processContext(new JwtContext(token, claims, List.of()));
        } catch (InvalidJwtException e) {
            throw new Invalid(e.getErrorDetails().isEmpty() ? "invalid" : describe(e));
        }
        Object typ = checked.header().get("typ");
        if (typ != null && !(typ instanceof String t && (t.equalsIgnoreCase("logout+jwt")
                || t.equalsIgnoreCase("application/logout+jwt") || t.equalsIgnoreCase("JWT")))) {
            throw new Invalid("typ is not logout+jwt");
        }
        if (!(claims.getClaimValue("events") instanceof Map<?, ?> events) || !(events.get(EVENT) instanceof Map<?, ?>)) {
            throw new Invalid("no back-channel-logout event");
        }
        if (claims.hasClaim("nonce")) {
            throw new Invalid("has a nonce (an ID token, not a logout token)");
        }
        Object sub = claims.getClaimValue("sub");
        Object sid = claims.getClaimValue("sid");
        if (!(sub instanceof String) && !(sid instanceof String)) {
            throw new Invalid("neither sub nor sid");
        }
        Object jti = claims.getClaimValue("jti");
        Object iat = claims.getClaimValue("iat");
        return new Logout(sub instanceof String s ? s : null, sid instanceof String s ? s : null, String.valueOf(jti),
                iat instanceof Number n ? n.longValue() : clock.instant().getEpochSecond());
    }

    /** What the hardened reading or the signature refused, never the token. */
    private static String describe(Verification.Failed failed) {
        return switch (failed.failure()) {
            case BAD_SIGNATURE -> "bad signature";
            case UNKNOWN_KEY, NO_KEYS -> "no key for kid";
            default -> failed.failure().code();
        };
    }

    /** jose4j's error codes, named: what failed, never the token. */
    private static String describe(InvalidJwtException e) {
        int code = e.getErrorDetails().get(0).getErrorCode();
        return switch (code) {
            case ErrorCodes.ISSUER_INVALID, ErrorCodes.ISSUER_MISSING -> "wrong issuer";
            case ErrorCodes.AUDIENCE_INVALID, ErrorCodes.AUDIENCE_MISSING -> "wrong audience";
            case ErrorCodes.EXPIRED -> "expired";
            case ErrorCodes.ISSUED_AT_INVALID_PAST, ErrorCodes.ISSUED_AT_INVALID_FUTURE, ErrorCodes.ISSUED_AT_MISSING ->
                    "iat missing, in the future or too old";
            case ErrorCodes.JWT_ID_MISSING -> "no jti";
            default -> "invalid (jose4j error " + code + ")";
        };
    }
}
