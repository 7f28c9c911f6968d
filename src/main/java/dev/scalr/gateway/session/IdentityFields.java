package dev.scalr.gateway.session;

import dev.scalr.gateway.token.Identity;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The identity as a sealed cookie and a stored session both keep it: short keys, one spelling, so a field added
 * to {@link Identity} is kept by both or by neither.
 */
public final class IdentityFields {

    private IdentityFields() {
    }

    public static void put(Map<String, Object> into, Identity identity) {
        into.put("sub", identity.subject());
        into.put("usr", identity.username());
        into.put("em", identity.email());
        into.put("nm", identity.name());
        into.put("grp", identity.groups());
        if (!identity.entitlements().isEmpty()) { // only apps that ask for them: keep the cookie small
            into.put("ent", identity.entitlements());
        }
        if (!identity.amr().isEmpty()) { // what access rules' mfa and max-age read
            into.put("amr", identity.amr());
        }
        if (identity.authTime() > 0) {
            into.put("at", identity.authTime());
        }
    }

    /** @throws RuntimeException (ClassCast, NullPointer) when the map is not what {@link #put} wrote */
    public static Identity read(Map<String, Object> from, Instant expiresAt) {
        List<String> groups = ((List<?>) from.get("grp")).stream().map(String::valueOf).toList();
        return new Identity((String) from.get("sub"), (String) from.get("usr"), (String) from.get("em"),
                (String) from.get("nm"), groups, expiresAt, Identity.stringList(from.get("ent")),
                Identity.stringList(from.get("amr")), from.get("at") instanceof Number at ? at.longValue() : 0);
    }
}
