package dev.scalr.gateway.machine;

import dev.scalr.gateway.token.Identity;

/** What a Basic credential of a machine client came to; the decision service turns it into a Decision. */
public sealed interface BasicOutcome {

    /** @param idToken the ID token Authentik issued for it: what X-authentik-jwt carries, as the outpost does */
    record Verified(Identity identity, String idToken, String reason) implements BasicOutcome {
    }

    /** @param logDetail for the decision log: never the password */
    record Refused(String reason, String description, String logDetail) implements BasicOutcome {
    }
}
