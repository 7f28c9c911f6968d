package dev.scalr.gateway.access;

/**
 * What a sign-in must show before a rule lets the user in: a second factor, or a sign-in no older than a rule's
 * max-age. Sent to Authentik as prompt=login and max_age, both of which its authorize view honours
 * (goauthentik/authentik providers/oauth2/views/authorize.py); it reads no acr_values, so none is sent. An API client
 * is told so in RFC 9470's words (error="insufficient_user_authentication", max_age).
 *
 * @param reason         the decision's reason label: mfa_required, sign_in_too_old, or null for a first sign-in
 * @param reauthenticate the user must sign in again at Authentik even when signed in there (prompt=login)
 * @param maxAgeSeconds  the oldest sign-in the rule accepts (max_age), 0 when the rule says nothing
 */
public record StepUp(String reason, String description, boolean reauthenticate, long maxAgeSeconds) {

    public static final String MFA_REQUIRED = "mfa_required";
    public static final String SIGN_IN_TOO_OLD = "sign_in_too_old";
}
