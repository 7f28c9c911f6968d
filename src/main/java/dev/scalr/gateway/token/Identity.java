package dev.scalr.gateway.token;

import java.time.Instant;
import java.util.List;

/** Who the user is, as far as identity headers and authorization need to know. */
public record Identity(String subject, String username, String email, String name, List<String> groups,
        Instant expiresAt) {

    public boolean inAnyOf(java.util.Set<String> allowed) {
        for (String group : groups) {
            if (allowed.contains(group)) {
                return true;
            }
        }
        return false;
    }
}
