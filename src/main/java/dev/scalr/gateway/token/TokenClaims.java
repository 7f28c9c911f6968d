package dev.scalr.gateway.token;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.token.Verification.Failed;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.ErrorCodes;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtContext;

import java.time.Instant;
import java.util.List;

/** What a verified token's claims say: who it names, or why jose4j's validators refused them. */
final class TokenClaims {

    private TokenClaims() {
    }

    /** Why jose4j's claim validators refused the claims, as the gateway's failure with a log detail. */
    static Failed failure(InvalidJwtException e, App app) {
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
        return Failed.of(TokenFailure.MALFORMED, "rejected by the JWT parser");
    }

    /**
     * Who the claims name: sub, preferred_username (else sub), email, name, groups, exp, entitlements, and how and
     * when they signed in (amr, auth_time; Authentik's providers/oauth2/id_token.py writes both, access tokens too).
     */
    static Identity identity(JwtClaims claims) throws InvalidJwtException {
        try {
            String subject = claims.getSubject();
            String username = claims.getStringClaimValue("preferred_username");
            Object groupsClaim = claims.getClaimValue("groups");
            List<String> groups = groupsClaim instanceof List<?> list
                    ? list.stream().filter(String.class::isInstance).map(String.class::cast).toList()
                    : groupsClaim instanceof String one ? List.of(one) : List.of();
            return new Identity(subject == null ? "" : subject, username == null ? (subject == null ? "" : subject) : username,
                    nullToEmpty(claims.getStringClaimValue("email")), nullToEmpty(claims.getStringClaimValue("name")),
                    groups, Instant.ofEpochSecond(claims.getExpirationTime().getValue()),
                    Identity.stringList(claims.getClaimValue("entitlements")), Identity.stringList(claims.getClaimValue("amr")),
                    claims.getClaimValue("auth_time") instanceof Number n ? n.longValue() : 0);
        } catch (MalformedClaimException e) {
            throw new InvalidJwtException("malformed claim", List.of(), null);
        }
    }

    private static String claim(InvalidJwtException e, String name) {
        JwtContext context = e.getJwtContext();
        if (context == null || context.getJwtClaims() == null) {
            return "?";
        }
        return TokenVerifier.printable(context.getJwtClaims().getClaimValue(name));
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
