package dev.scalr.gateway.token;

import java.time.Instant;
import java.util.List;

/**
 * Who the user is, as far as identity headers and authorization need to know.
 *
 * @param entitlements Authentik's application entitlements (the {@code entitlements} claim, granted by the
 *                     entitlements scope); empty when the token carries none
 * @param amr          how the user signed in (RFC 8176; Authentik: pwd, mfa, user, sc), empty when not said
 * @param authTime     epoch second of the user's last active sign-in at Authentik ({@code auth_time}), 0 when not said
 */
public record Identity(String subject, String username, String email, String name, List<String> groups,
        Instant expiresAt, List<String> entitlements, List<String> amr, long authTime) {

    /** Without the sign-in's methods and time (Basic exchanges that carry none, tests). */
    public Identity(String subject, String username, String email, String name, List<String> groups,
            Instant expiresAt, List<String> entitlements) {
        this(subject, username, email, name, groups, expiresAt, entitlements, List.of(), 0);
    }

    /** Without entitlements (a sealed session cookie that carries none, tests). */
    public Identity(String subject, String username, String email, String name, List<String> groups,
            Instant expiresAt) {
        this(subject, username, email, name, groups, expiresAt, List.of());
    }

    public boolean inAnyOf(java.util.Set<String> allowed) {
        for (String group : groups) {
            if (allowed.contains(group)) {
                return true;
            }
        }
        return false;
    }

    /** A list-of-strings claim as Authentik writes it (a JSON array; a lone string is one value); else empty. */
    public static List<String> stringList(Object claim) {
        return claim instanceof List<?> list
                ? list.stream().filter(String.class::isInstance).map(String.class::cast).toList()
                : claim instanceof String one ? List.of(one) : List.of();
    }
}
