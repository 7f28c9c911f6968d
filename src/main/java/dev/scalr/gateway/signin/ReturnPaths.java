package dev.scalr.gateway.signin;

/**
 * Open-redirect guard: after sign-in the browser only ever goes back to a path on the app's own host.
 * Anything that a browser could read as another host or a scheme becomes "/".
 */
public final class ReturnPaths {

    private ReturnPaths() {
    }

    public static String safe(String uri, String reservedPrefix) {
        if (uri == null || uri.isEmpty() || uri.charAt(0) != '/' || uri.length() > 2048) {
            return "/";
        }
        if (uri.startsWith("//") || uri.startsWith("/\\") || uri.toLowerCase().startsWith("/%5c")
                || uri.toLowerCase().startsWith("/%2f") || uri.startsWith(reservedPrefix)) {
            return "/";
        }
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c < 0x21 || c == 0x7f || c == '\\') {
                return "/";
            }
        }
        return uri;
    }
}
