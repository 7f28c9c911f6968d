package dev.scalr.gateway.decision;

import java.util.Optional;

/** Extracts the bearer token from an Authorization header (RFC 6750; the scheme is case-insensitive). */
final class Credentials {

    private Credentials() {
    }

    static Optional<String> bearer(Optional<String> authorization) {
        if (authorization.isEmpty()) {
            return Optional.empty();
        }
        String value = authorization.get().strip();
        if (value.length() < 8 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        String token = value.substring(7).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
