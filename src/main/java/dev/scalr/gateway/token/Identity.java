package dev.scalr.gateway.token;

import java.time.Instant;
import java.util.List;

/**
 * Who the user is, as far as identity headers and authorization need to know.
 *
 * @param entitlements Authentik's application entitlements (the {@code entitlements} claim, granted by the
 *                     entitlements scope); empty when the token carries none
 */
public record Identity(String subject, String username, String email, String name, List<String> groups,
        Instant expiresAt, List<String> entitlements) {

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
