package dev.scalr.gateway.identity;

import dev.scalr.gateway.text.LogText;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Set;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Joins a list-valued identity claim (groups; entitlements) into one header. A value holding the header's
 * separator or a control character cannot be carried exactly: "x|admins" would reach the app as the groups x and
 * admins. Such a value is left out, with one WARN per header and value; the app may see fewer values than the IdP
 * asserted, never more. The gateway's own checks (allowed-groups) keep using the real list.
 */
public final class HeaderLists {

    private static final Logger LOG = Logger.getLogger(HeaderLists.class);
    /** Warned header/value pairs: one WARN each, not one per request (bounded, then silent). */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();
    private static final int MAX_WARNED = 1024;

    private HeaderLists() {
    }

    public static String join(List<String> values, char separator, String header) {
        // indexed loops and a constant delimiter: this runs for every allowed request (docs/performance.md)
        int size = values.size();
        if (size == 0) {
            return "";
        }
        boolean plain = true;
        for (int i = 0; i < size; i++) {
            plain &= carriable(values.get(i), separator);
        }
        if (plain) {
            return size == 1 ? values.get(0) : String.join(delimiter(separator), values);
        }
        StringJoiner joined = new StringJoiner(delimiter(separator));
        for (String value : values) {
            if (carriable(value, separator)) {
                joined.add(value);
            } else if (value != null && !value.isEmpty()) { // an empty value is no value: left out silently
                warn(header, value, separator);
            }
        }
        return joined.toString();
    }

    private static String delimiter(char separator) {
        return separator == '|' ? "|" : separator == ',' ? "," : String.valueOf(separator);
    }

    /** True when the value reads back as exactly itself from a list joined with this separator. */
    public static boolean carriable(String value, char separator) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == separator || Character.isISOControl(c)) {
                return false;
            }
        }
        return true;
    }

    private static void warn(String header, String value, char separator) {
        String key = header + '\u0000' + value;
        if (WARNED.size() < MAX_WARNED && WARNED.add(key)) {
            LOG.warnf("identity header %s: value \"%s\" left out: it holds the separator '%s' or a control character,"
                    + " so the app would read it as other values (rename it in Authentik)", header, LogText.printable(value, 128), separator);
        }
    }
}
