package dev.scalr.gateway.signin;

/** Escaping for the short HTML pages browsers get when sign-in cannot go on. */
public final class Html {

    private Html() {
    }

    public static String page(String title, String message) {
        return page(title, message, null);
    }

    /** With an action: a same-origin POST form whose button repeats the title, and a way back instead. */
    public static String page(String title, String message, String action) {
        String choice = action == null ? "<p><a href=\"/\">Start again</a></p>"
                : "<form method=\"post\" action=\"" + escape(action) + "\"><button type=\"submit\">" + escape(title)
                        + "</button> <a href=\"/\">Cancel</a></form>";
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>" + escape(title) + "</title></head>"
                + "<body style=\"font-family:sans-serif;max-width:36em;margin:4em auto\"><h1>" + escape(title)
                + "</h1><p>" + escape(message) + "</p>" + choice + "</body></html>";
    }

    public static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Values from the IdP's redirect are attacker-controlled: keep them short and plain. */
    static String printable(String value) {
        String clean = value.replaceAll("[^A-Za-z0-9_.\\- ]", "?");
        return clean.length() > 64 ? clean.substring(0, 64) : clean;
    }
}
