package dev.scalr.gateway.forward;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Which peers the default gateway.trusted-proxies trusts, IPv4 and IPv6, without any name lookup. */
class TrustedProxiesMatchTest {

    private static final TrustedProxies DEFAULT = new TrustedProxies(
            List.of("127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "fc00::/7"));

    @ParameterizedTest(name = "{0} trusted={1}")
    @CsvSource({
            "127.0.0.1, true", "10.9.9.9, true", "172.18.0.5, true", "172.31.255.255, true", "192.168.1.10, true",
            "::1, true", "0:0:0:0:0:0:0:1, true", "fd12:3456::1, true", "[fd00::2], true", "::ffff:172.20.0.3, true",
            "172.32.0.1, false", "8.8.8.8, false", "192.169.0.1, false", "2001:db8::1, false", "fe80::1%eth0, false",
            "not-an-ip, false", "'', false", "localhost, false", "256.1.1.1, false"})
    void defaultTrustsLoopbackAndPrivateRangesOnly(String peer, boolean trusted) {
        assertEquals(trusted, DEFAULT.trusts(peer));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"10.0.0.0/33", "example.com", "10.0.0.0/x", "::1/129", "1.2.3/8"})
    void invalidEntriesAreRefusedWithASentence(String entry) {
        assertThrows(IllegalArgumentException.class, () -> TrustedProxies.parse(entry));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"10.9.9.9/32, 10.9.9.9, true", "10.9.9.9/32, 10.9.9.8, false", "10.9.9.9, 10.9.9.9, true",
            "0.0.0.0/0, 203.0.113.7, true", "::/0, 2001:db8::1, true", "172.16.0.0/12, 172.15.255.255, false"})
    void singleAddressesAndPrefixes(String entry, String peer, boolean trusted) {
        assertEquals(trusted, new TrustedProxies(List.of(entry)).trusts(peer));
    }
}
