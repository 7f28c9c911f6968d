package dev.scalr.gateway.identity;

import dev.scalr.gateway.token.Identity;

/**
 * Single-valued identity claims must reach the app exactly as the IdP asserted them. A control character cannot
 * be sent in a header, and deleting it would make another user ("ad\u0001min" becomes "admin"), so a credential
 * holding one is refused instead (docs/architecture.md, "Ambiguous input").
 */
public final class IdentityValues {

    private IdentityValues() {
    }

    /** The claim (sub, preferred_username, email, name) holding a control character, or null when all are clean. */
    public static String unsafeClaim(Identity identity) {
        if (hasControl(identity.subject())) {
            return "sub";
        }
        if (hasControl(identity.username())) {
            return "preferred_username";
        }
        if (hasControl(identity.email())) {
            return "email";
        }
        return hasControl(identity.name()) ? "name" : null;
    }

    static boolean hasControl(String value) {
        if (value == null) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
