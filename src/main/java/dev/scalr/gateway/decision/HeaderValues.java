package dev.scalr.gateway.decision;

/**
 * The check Vert.x would make of a response header value, made by the gateway itself for the values built per
 * answer (Location, Set-Cookie, WWW-Authenticate, the page's CSP): the packaged app turns Vert.x's own check off
 * (GatewayMain), and a control character in one of these is a bug that must not reach the proxy as a split header.
 */
final class HeaderValues {

    private HeaderValues() {
    }

    /** @throws IllegalArgumentException (answered as a 503 by the handler) when the value holds CR, LF or another control */
    static String checked(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                throw new IllegalArgumentException("response header value holds character " + (int) c + " at " + i);
            }
        }
        return value;
    }
}
