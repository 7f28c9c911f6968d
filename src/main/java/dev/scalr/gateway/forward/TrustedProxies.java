package dev.scalr.gateway.forward;

import dev.scalr.gateway.config.GatewayConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Which TCP peers may describe a request with X-Forwarded-* (gateway.trusted-proxies). Checked at the edge,
 * before anything reads those headers: a peer outside the list could otherwise spoof host, path and method
 * (oauth2-proxy GHSA-7x63-xv5r-3p2x). Addresses are IP literals only; nothing here ever resolves a name.
 */
@Singleton
public class TrustedProxies {

    /** The reason label of the 403 an untrusted peer gets. */
    public static final String REASON = "untrusted_proxy";

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9A-Fa-f:.]+");

    private final List<Range> ranges;
    /** Callers are a handful of proxy addresses: parse each once, not on every request (bounded). */
    private final Map<String, Boolean> decided = new ConcurrentHashMap<>();
    private static final int MAX_REMEMBERED = 256;

    @Inject
    public TrustedProxies(GatewayConfig config) {
        this(config.trustedProxies());
    }

    public TrustedProxies(List<String> entries) {
        this.ranges = entries.stream().map(String::strip).filter(e -> !e.isEmpty()).map(TrustedProxies::parse).toList();
    }

    /** True when the peer address (as Vert.x reports it) falls in a configured range. Null or unparsable: false. */
    public boolean trusts(String peer) {
        if (peer == null) {
            return false;
        }
        Boolean known = decided.get(peer);
        if (known != null) {
            return known;
        }
        if (decided.size() >= MAX_REMEMBERED) {
            decided.clear();
        }
        boolean trusted = inRanges(peer);
        decided.put(peer, trusted);
        return trusted;
    }

    private boolean inRanges(String peer) {
        return covers(literal(peer));
    }

    /** True when an address (4 or 16 bytes, as {@link #literal} gives it) falls in a range; not remembered. */
    boolean covers(byte[] address) {
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
    public static Range parse(String entry) {
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
    static byte[] literal(String text) {
        if (text == null) {
            return null;
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
        boolean contains(byte[] address) {
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
