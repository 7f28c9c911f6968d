package dev.scalr.gateway.forward;

import dev.scalr.gateway.config.GatewayConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which TCP peers may describe a request with X-Forwarded-* (gateway.trusted-proxies). Checked at the edge,
 * before anything reads those headers: a peer outside the list could otherwise spoof host, path and method
 * (oauth2-proxy GHSA-7x63-xv5r-3p2x). Addresses are IP literals only; nothing here ever resolves a name.
 */
@Singleton
public class TrustedProxies {

    /** The reason label of the 403 an untrusted peer gets. */
    public static final String REASON = "untrusted_proxy";

    private final AddressRanges ranges;
    /** Callers are a handful of proxy addresses: parse each once, not on every request (bounded). */
    private final Map<String, Boolean> decided = new ConcurrentHashMap<>();
    private static final int MAX_REMEMBERED = 256;

    @Inject
    public TrustedProxies(GatewayConfig config) {
        this(config.trustedProxies());
    }

    public TrustedProxies(List<String> entries) {
        this.ranges = AddressRanges.of(entries);
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
        return ranges.contains(address);
    }

    /** @throws IllegalArgumentException with a sentence fit for a configuration problem */
    public static AddressRanges.Range parse(String entry) {
        return AddressRanges.range(entry);
    }

    static byte[] literal(String text) {
        return AddressRanges.literal(text);
    }
}
