package dev.scalr.gateway.decision;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** Reads the one Authorization header: a bearer token (RFC 6750) or Basic user:password (RFC 7617), any scheme case. */
final class Credentials {

    /** Authentik's outpost reads the password of this user as a JWT (proxyv2/application/auth_basic.go). */
    static final String JWT_USERNAME = "goauthentik.io/token";

    /**
     * A Basic credential. username null: the header said Basic but held no base64 of UTF-8 user:password
     * (no colon, empty user, control characters in the user): a 401, never an exception.
     */
    record Basic(String username, String password) {
        static final Basic MALFORMED = new Basic(null, null);

        boolean malformed() {
            return username == null;
        }

        @Override
        public String toString() {
            return "Basic[" + username + "]"; // never the password
        }
    }

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

    /** Empty when the header is not Basic; {@link Basic#MALFORMED} when it is Basic but unreadable. */
    static Optional<Basic> basic(Optional<String> authorization) {
        if (authorization.isEmpty()) {
            return Optional.empty();
        }
        String value = authorization.get().strip();
        if (!value.regionMatches(true, 0, "Basic", 0, 5) || (value.length() > 5 && value.charAt(5) != ' ')) {
            return Optional.empty();
        }
        String decoded;
        try {
            byte[] bytes = Base64.getDecoder().decode(value.substring(5).strip());
            decoded = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException | CharacterCodingException e) {
            return Optional.of(Basic.MALFORMED);
        }
        int colon = decoded.indexOf(':');
        if (colon <= 0 || hasControl(decoded.substring(0, colon))) {
            return Optional.of(Basic.MALFORMED);
        }
        return Optional.of(new Basic(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    private static boolean hasControl(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (Character.isISOControl(value.charAt(i))) {
                return true;
            }
        }
        return false;
    }
}
