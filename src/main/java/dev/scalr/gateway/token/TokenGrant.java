package dev.scalr.gateway.token;

/**
 * What a grant at Authentik's token endpoint came to (authorization code, refresh token or app password): identity
 * null means failure; reason and detail go to the decision log. On success the raw ID token, and the refresh token
 * when Authentik issued one (offline_access granted; a refresh may also return none: keep the old).
 * {@code unavailable} marks a failure that says nothing about the session (Authentik unreachable, 5xx).
 */
public record TokenGrant(Identity identity, String idToken, String refreshToken, String reason, String detail,
        boolean unavailable) {

    public static TokenGrant failed(String reason, String detail, boolean unavailable) {
        return new TokenGrant(null, null, null, reason, detail, unavailable);
    }
}
