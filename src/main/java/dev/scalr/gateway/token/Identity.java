package dev.scalr.gateway.token;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who the user is, as far as identity headers and authorization need to know. A value, compared by its fields; a
 * class rather than a record only for {@link #rendered}: the caches keep one Identity per verified token or opened
 * session, so what the response writer makes of it is made once, on the first request, and kept with it.
 */
public final class Identity {

    private final String subject;
    private final String username;
    private final String email;
    private final String name;
    private final List<String> groups;
    private final Instant expiresAt;
    private final List<String> entitlements;
    private final List<String> amr;
    private final long authTime;
    /** What {@code identity/IdentityHeaders} built from this identity; null until the first allowed request. */
    private volatile Object rendered;

    /**
     * @param entitlements Authentik's application entitlements (the {@code entitlements} claim, granted by the
     *                     entitlements scope); empty when the token carries none
     * @param amr          how the user signed in (RFC 8176; Authentik: pwd, mfa, user, sc), empty when not said
     * @param authTime     epoch second of the user's last active sign-in at Authentik ({@code auth_time}), 0 when not said
     */
    public Identity(String subject, String username, String email, String name, List<String> groups,
            Instant expiresAt, List<String> entitlements, List<String> amr, long authTime) {
        this.subject = subject;
        this.username = username;
        this.email = email;
        this.name = name;
        this.groups = groups;
        this.expiresAt = expiresAt;
        this.entitlements = entitlements;
        this.amr = amr;
        this.authTime = authTime;
    }

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

    public String subject() {
        return subject;
    }

    public String username() {
        return username;
    }

    public String email() {
        return email;
    }

    public String name() {
        return name;
    }

    public List<String> groups() {
        return groups;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public List<String> entitlements() {
        return entitlements;
    }

    public List<String> amr() {
        return amr;
    }

    public long authTime() {
        return authTime;
    }

    /** What the response writer built from this identity before, or null. */
    public Object rendered() {
        return rendered;
    }

    /** Keeps what the response writer built; a race only builds the same thing twice. */
    public void rendered(Object value) {
        rendered = value;
    }

    public boolean inAnyOf(Set<String> allowed) {
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

    @Override
    public boolean equals(Object other) {
        return other instanceof Identity i && authTime == i.authTime && Objects.equals(subject, i.subject)
                && Objects.equals(username, i.username) && Objects.equals(email, i.email)
                && Objects.equals(name, i.name) && Objects.equals(groups, i.groups)
                && Objects.equals(expiresAt, i.expiresAt) && Objects.equals(entitlements, i.entitlements)
                && Objects.equals(amr, i.amr);
    }

    @Override
    public int hashCode() {
        return Objects.hash(subject, username, email, name, groups, expiresAt, entitlements, amr, authTime);
    }

    @Override
    public String toString() {
        return "Identity[" + username + "]"; // the rest is personal data a log line does not need
    }
}
