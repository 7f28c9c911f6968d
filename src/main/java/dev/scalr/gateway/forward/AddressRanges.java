package dev.scalr.gateway.forward;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * CIDR ranges of IP literals (gateway.trusted-proxies, an access rule's networks). Nothing here ever resolves a
 * name: an entry or an address that is not an IP literal is refused or matches nothing.
 */
public final class AddressRanges {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private final List<Range> ranges;

    private AddressRanges(List<Range> ranges) {
        this.ranges = ranges;
    }

    /** @throws IllegalArgumentException naming the first entry that is not an IP address or CIDR */
    public static AddressRanges of(List<String> entries) {
        return new AddressRanges(entries.stream().map(String::strip).filter(e -> !e.isEmpty())
                .map(AddressRanges::range).toList());
    }

    /** An address as {@link #literal} gives it (null: matches nothing). */
    public boolean contains(byte[] address) {
        if (address == null) {
            return false;
        }
        for (Range range : ranges) {
            if (range.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** @throws IllegalArgumentException with a sentence fit for a configuration problem */
    static Range range(String entry) {
        String text = entry.strip();
        int slash = text.indexOf('/');
        byte[] address = literal(slash >= 0 ? text.substring(0, slash) : text);
        if (address == null) {
            throw new IllegalArgumentException("'" + entry + "' is not an IP address or CIDR (e.g. 10.0.0.0/8, fc00::/7)");
        }
        int bits = address.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(text.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("'" + entry + "' has a prefix length outside 0.." + bits);
            }
        }
        return new Range(address, prefix);
    }

    /** IPv4 as 4 bytes, IPv6 as 16; an IPv4-mapped IPv6 address (::ffff:a.b.c.d) counts as IPv4. */
    public static byte[] literal(String text) {
        if (text == null) {
            return null;
        }
        byte[] v4 = dottedQuad(text);
        if (v4 != null) {
            return v4; // every request names an IPv4 client through Traefik: no regex, no InetAddress
        }
        String value = text.strip();
        if (value.startsWith("[") && value.endsWith("]")) {
            value = value.substring(1, value.length() - 1);
        }
        int scope = value.indexOf('%');
        if (scope >= 0) {
            value = value.substring(0, scope);
        }
        if (value.isEmpty() || !IP_LITERAL.matcher(value).matches() || (!value.contains(":") && !isDottedQuad(value))) {
            return null;
        }
        try {
            // An IP literal: InetAddress parses it without any name lookup.
            return InetAddress.getByName(value).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /**
     * A plain dotted quad ("203.0.113.7"), parsed by hand, else null (and the general path decides). A part with a
     * leading zero is left to that path: "010" reads as 8 or 10 depending on who parses it.
     */
    private static byte[] dottedQuad(String text) {
        int length = text.length();
        if (length < 7 || length > 15) {
            return null;
        }
        byte[] address = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i <= length; i++) {
            char c = i < length ? text.charAt(i) : '.';
            if (c >= '0' && c <= '9') {
                if (digits == 1 && value == 0) {
                    return null;
                }
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) {
                    return null;
                }
            } else if (c == '.' && digits > 0 && part < 4) {
                address[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else {
                return null;
            }
        }
        return part == 4 ? address : null;
    }

    private static boolean isDottedQuad(String value) {
        String[] parts = value.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (String part : parts) {
            // IP_LITERAL lets hex digits through (IPv6): a dotted quad's parts must be decimal before parseInt
            if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(c -> c >= '0' && c <= '9')
                    || Integer.parseInt(part) > 255) {
                return false;
            }
        }
        return true;
    }

    /** One CIDR range. */
    public record Range(byte[] network, int prefix) {
        public boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
