package dev.scalr.gateway.session;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.keys.AppKeys;
import dev.scalr.gateway.keys.KeySet;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.jwt.consumer.JwtContext;
import org.jose4j.lang.UnresolvableKeyException;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Validates a back-channel logout token (OpenID Connect Back-Channel Logout 1.0, section 2.6) of one app: a JWS
 * signed with the app's keys (the same key cache and algorithm allow-list as its access tokens), exact public
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

    private final JwtConsumer consumer;
    private final Clock clock;
    private final int skew;

    public LogoutTokens(App app, AppKeys keys, List<String> algorithms, Duration clockSkew, Clock clock) {
        this.clock = clock;
        this.skew = (int) clockSkew.toSeconds();
        this.consumer = new JwtConsumerBuilder()
                .setAllowedClockSkewInSeconds(skew)
                .setIssuedAtRestrictions(skew, (int) MAX_AGE.toSeconds())
                .setRequireIssuedAt()
                .setRequireJwtId()
                .setExpectedIssuer(true, app.issuer())
                .setExpectedAudience(true, app.clientId().orElseThrow())
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT, algorithms.toArray(String[]::new))
                .setVerificationKeyResolver((jws, nesting) -> {
                    KeySet.VerificationKey found;
                    try {
                        found = keys.current().find(jws.getKeyIdHeaderValue());
                    } catch (ClassCastException wrongType) { // a kid that is not a JSON string
                        throw new UnresolvableKeyException("kid is not a string");
                    }
                    if (found == null) {
                        throw new UnresolvableKeyException("no key for kid");
                    }
                    return found.key();
                })
                .build();
    }

    public Logout verify(String token) throws Invalid {
        if (token == null || token.length() > MAX_LENGTH || !COMPACT.matcher(token).matches()) {
            throw new Invalid("not a signed JWT");
        }
        JwtClaims claims;
        try {
            JwtContext context = consumer.process(token);
            String typ = context.getJoseObjects().get(0).getHeader("typ");
            if (typ != null && !typ.equalsIgnoreCase("logout+jwt") && !typ.equalsIgnoreCase("application/logout+jwt")
                    && !typ.equalsIgnoreCase("JWT")) {
                throw new Invalid("typ is not logout+jwt");
            }
            claims = context.getJwtClaims();
        } catch (InvalidJwtException e) {
            throw new Invalid(e.getErrorDetails().isEmpty() ? "invalid" : describe(e));
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

    /** jose4j's error codes, named: what failed, never the token. */
    private static String describe(InvalidJwtException e) {
        int code = e.getErrorDetails().get(0).getErrorCode();
        return switch (code) {
            case org.jose4j.jwt.consumer.ErrorCodes.SIGNATURE_INVALID -> "bad signature";
            case org.jose4j.jwt.consumer.ErrorCodes.ISSUER_INVALID, org.jose4j.jwt.consumer.ErrorCodes.ISSUER_MISSING -> "wrong issuer";
            case org.jose4j.jwt.consumer.ErrorCodes.AUDIENCE_INVALID, org.jose4j.jwt.consumer.ErrorCodes.AUDIENCE_MISSING -> "wrong audience";
            case org.jose4j.jwt.consumer.ErrorCodes.EXPIRED -> "expired";
            case org.jose4j.jwt.consumer.ErrorCodes.ISSUED_AT_INVALID_PAST, org.jose4j.jwt.consumer.ErrorCodes.ISSUED_AT_INVALID_FUTURE,
                    org.jose4j.jwt.consumer.ErrorCodes.ISSUED_AT_MISSING -> "iat missing, in the future or too old";
            case org.jose4j.jwt.consumer.ErrorCodes.JWT_ID_MISSING -> "no jti";
            default -> "invalid (jose4j error " + code + ")";
        };
    }
}
