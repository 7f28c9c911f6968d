package dev.scalr.gateway.forward;

import dev.scalr.gateway.config.GatewayConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.List;

/**
 * The client's address, read from the right of X-Forwarded-For: every proxy appends the peer it saw (Traefik:
 * pkg/middlewares/auth/forward.go, writeHeader), so entries further left are whatever the client or a proxy in
 * front of the trusted ones wrote. With gateway.client-address.trusted-hops = 0 the client is the rightmost entry
 * that is not in gateway.trusted-proxies (all trusted: the leftmost); with N it is the N-th entry from the right.
 * Without a usable X-Forwarded-For: X-Real-Ip, then the TCP peer. Only IP literals count; the answer is the
 * literal as written, without brackets, port or zone.
 */
@Singleton
public class ClientAddresses {

    /** The defaults: the configured default trusted proxies, no hop count (tests and benchmarks). */
    public static final ClientAddresses DEFAULT = new ClientAddresses(new TrustedProxies(List.of(
            "127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7")), 0);

    /** More entries than this are not looked at (a header of thousands of commas costs no more). */
    static final int MAX_ENTRIES = 32;

    private final TrustedProxies proxies;
    private final int hops;

    @Inject
    public ClientAddresses(TrustedProxies proxies, GatewayConfig config) {
        this(proxies, config.clientAddress().trustedHops());
    }

    public ClientAddresses(TrustedProxies proxies, int hops) {
        this.proxies = proxies;
        this.hops = hops;
    }

    /**
     * @param forwardedFor every X-Forwarded-For line joined with ", " (one list, RFC 9110 5.3), or null
     * @param realIp       X-Real-Ip, or null
     * @param peer         the TCP peer (Traefik), or null
     * @return the client's address, or "" when nothing names one
     */
    public String of(String forwardedFor, String realIp, String peer) {
        String fromList = forwardedFor == null ? null : fromRight(forwardedFor);
        if (fromList != null) {
            return fromList;
        }
        String real = address(realIp);
        if (real != null) {
            return real;
        }
        String direct = address(peer);
        return direct == null ? "" : direct;
    }

    private String fromRight(String list) {
        String furthest = null;
        int end = list.length();
        for (int seen = 0; seen < MAX_ENTRIES && end >= 0; seen++) {
            int comma = list.lastIndexOf(',', end - 1);
            String entry = address(list.substring(comma + 1, end));
            end = comma;
            if (entry == null) {
                // not an address: nothing to its left was written by a proxy that appends addresses
                return furthest;
            }
            if (hops > 0 ? seen + 1 == hops : !proxies.covers(TrustedProxies.literal(entry))) {
                return entry;
            }
            furthest = entry;
            if (comma < 0) {
                break;
            }
        }
        return furthest;
    }

    /** The IP literal in an entry ("a.b.c.d", "a.b.c.d:port", "v6", "[v6]", "[v6]:port", "v6%zone"), or null. */
    static String address(String entry) {
        if (entry == null) {
            return null;
        }
        String text = entry.strip();
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || (close + 1 < text.length() && !ForwardedRequests.isPortSuffix(text, close + 1))) {
                return null;
            }
            text = text.substring(1, close);
        } else if (text.indexOf(':') == text.lastIndexOf(':') && text.indexOf(':') > 0) {
            int colon = text.indexOf(':');
            if (!ForwardedRequests.isPortSuffix(text, colon)) {
                return null;
            }
            text = text.substring(0, colon);
        }
        int zone = text.indexOf('%');
        if (zone >= 0) {
            text = text.substring(0, zone);
        }
        return text.length() <= 45 && TrustedProxies.literal(text) != null ? text : null;
    }

    /** An IPv6 address as its /64 ("2001:db8:1:2::/64"); anything else unchanged. */
    public static String network64(String address) {
        byte[] bytes = TrustedProxies.literal(address);
        if (bytes == null || bytes.length != 16) {
            return address;
        }
        StringBuilder network = new StringBuilder(24);
        for (int i = 0; i < 8; i += 2) {
            network.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
        }
        return network.append(":/64").toString();
    }
}
