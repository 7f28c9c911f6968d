package dev.scalr.gateway.token;

/** Why a presented token was not accepted. The description is safe to show to the client. */
public enum TokenFailure {
    TOO_LARGE("token_too_large", "the token is larger than this gateway accepts"),
    MALFORMED("malformed", "the token is not a signed JWT"),
    ENCRYPTED("encrypted", "encrypted tokens (JWE) are not accepted"),
    ALGORITHM("algorithm_not_allowed", "the token's signing algorithm is not accepted"),
    NO_KEYS("no_keys", "the gateway has no signing keys for this app yet"),
    UNKNOWN_KEY("unknown_key", "the token was signed with a key this app does not publish"),
    BAD_SIGNATURE("bad_signature", "the token's signature is invalid"),
    EXPIRED("expired", "the token has expired"),
    NOT_YET_VALID("not_yet_valid", "the token is not valid yet"),
    WRONG_ISSUER("wrong_issuer", "the token was issued for another issuer"),
    WRONG_AUDIENCE("wrong_audience", "the token was issued for another client"),
    MISSING_CLAIM("missing_claim", "the token lacks a required claim");

    private final String code;
    private final String description;

    TokenFailure(String code, String description) {
        this.code = code;
        this.description = description;
    }

    /** Short stable name, used in logs, metrics and problem bodies. */
    public String code() {
        return code;
    }

    public String description() {
        return description;
    }
}
