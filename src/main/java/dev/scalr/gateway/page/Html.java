package dev.scalr.gateway.page;

/** HTML escaping for the pages people get ({@link Template}), and plain values from the IdP's redirect. */
public final class Html {

    private Html() {
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
    public static String printable(String value) {
        String clean = value.replaceAll("[^A-Za-z0-9_.\\- ]", "?");
        return clean.length() > 64 ? clean.substring(0, 64) : clean;
    }
}
