package dev.scalr.gateway.session;

import dev.scalr.gateway.token.Identity;

import java.time.Instant;

/**
 * What a session cookie holds, opened. Either the whole session (identity and, when it fits, the raw ID token
 * for sign-out's id_token_hint and X-authentik-jwt), or only the opaque id of a session kept in the store
 * (silent refresh on), whose identity and tokens live there.
 *
 * @param identity  the user, or null for a stored session
 * @param idToken   the raw ID token, or null (stored session, or a sealed one whose token did not fit)
 * @param storeId   the store's id of the session, or null for a sealed session
 * @param expiresAt the cookie's own end: the ID token's exp (sealed) or the absolute maximum (stored)
 * @param issuedAt  epoch second the sealed session began (back-channel logout by sub), 0 when unknown
 * @param idpSid    Authentik's session id of a sealed session (back-channel logout by sid), or null
 */
public record SessionCookie(Identity identity, String idToken, String storeId, Instant expiresAt, long issuedAt,
        String idpSid) {

    public boolean stored() {
        return storeId != null;
    }
}
