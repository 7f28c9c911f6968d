package dev.scalr.gateway.text;

/**
 * Client- or IdP-chosen values (a kid, a claim, a user name, an error code) on their way into a log line: one
 * line per value, nothing that could end the line or the quoted field, and short. Not for HTML: see page/Html.
 */
public final class LogText {

    private LogText() {
    }

    /** Control characters, quotes and backslashes become '?'; longer than max, cut with "..."; null is "none". */
    public static String printable(Object value, int max) {
        if (value == null) {
            return "none";
        }
        String text = String.valueOf(value);
        int length = Math.min(text.length(), max);
        StringBuilder out = new StringBuilder(length + 3);
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            out.append(Character.isISOControl(c) || c == '"' || c == '\\' ? '?' : c);
        }
        return text.length() > max ? out.append("...").toString() : out.toString();
    }
}
