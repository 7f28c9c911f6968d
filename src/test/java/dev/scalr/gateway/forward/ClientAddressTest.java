package dev.scalr.gateway.forward;

import io.vertx.core.MultiMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The client address with the default trusted proxies (loopback and private ranges): the rightmost
 * X-Forwarded-For entry that is not a trusted proxy, else X-Real-Ip. Entries left of it are whatever the client or
 * a proxy in front wrote, so they never decide.
 */
class ClientAddressTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            Traefik's own append only                          | 203.0.113.9                                 | -           | 203.0.113.9
            a client-written entry left of Traefik's append    | 198.51.100.1, 203.0.113.66                  | -           | 203.0.113.66
            a victim's address written by an attacker          | 192.0.2.77, 203.0.113.66                    | -           | 203.0.113.66
            a load balancer in a private range appended        | 198.51.100.99, 192.0.2.44, 10.0.0.2         | -           | 192.0.2.44
            two private hops after the client                  | 192.0.2.44, 172.18.0.3, 10.0.0.2            | -           | 192.0.2.44
            every entry a trusted proxy: the furthest one      | 10.0.5.5, 10.0.0.2                          | -           | 10.0.5.5
            an IPv6 client                                     | 2001:db8:1:2::77                            | -           | 2001:db8:1:2::77
            an IPv6 client in brackets with a port             | [2001:db8:1:2::77]:51234                    | -           | 2001:db8:1:2::77
            an IPv4 client with a port                         | 192.0.2.44:51234, 10.0.0.2                  | -           | 192.0.2.44
            X-Real-Ip when there is no X-Forwarded-For         | -                                           | 192.0.2.55  | 192.0.2.55
            X-Forwarded-For wins over X-Real-Ip                | 203.0.113.9                                 | 192.0.2.55  | 203.0.113.9
            no parsable entry: X-Real-Ip                       | unknown                                     | 192.0.2.55  | 192.0.2.55
            hex digits where a dotted quad's numbers go        | E.E.E.E                                     | 192.0.2.55  | 192.0.2.55
            a hex part in the rightmost entry: no walking past | 192.0.2.44, 1.2.3.f                         | -           | ''
            nothing at all                                     | -                                           | -           | ''
            """)
    void theClientIsTheRightmostEntryThatIsNotATrustedProxy(String name, String forwardedFor, String realIp, String client) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        if (forwardedFor != null) {
            headers.add("X-Forwarded-For", forwardedFor);
        }
        if (realIp != null) {
            headers.add("X-Real-Ip", realIp);
        }
        assertEquals(client, ForwardedRequests.from(headers).clientAddress());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            one hop: Traefik's append even from a private range | 1 | 198.51.100.1, 10.0.5.5                 | -          | 10.0.5.5
            two hops: what the balancer appended                | 2 | 198.51.100.1, 192.0.2.44, 10.0.0.2     | -          | 192.0.2.44
            two hops, the balancer's entry public               | 2 | 198.51.100.1, 192.0.2.44, 203.0.113.2  | -          | 192.0.2.44
            fewer entries than hops: the furthest one           | 3 | 192.0.2.44, 10.0.0.2                   | -          | 192.0.2.44
            a hop that is not an address: the last address     | 2 | unknown, 10.0.0.2                      | 192.0.2.55 | 10.0.0.2
            no list: X-Real-Ip, then the peer                   | 2 | -                                      | -          | 127.0.0.9
            """)
    void aConfiguredNumberOfHopsCountsEntriesFromTheRight(String name, int hops, String forwardedFor, String realIp,
            String client) {
        ClientAddresses addresses = new ClientAddresses(new TrustedProxies(java.util.List.of("10.0.0.0/8")), hops);
        assertEquals(client, addresses.of(forwardedFor, realIp, "127.0.0.9"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            wss is https | wss | https
            WSS is https | WSS | https
            ws is http   | ws  | http
            """)
    void webSocketSchemesAreTheirHttpSchemes(String name, String forwardedProto, String proto) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Forwarded-Proto", forwardedProto);
        assertEquals(proto, ForwardedRequests.from(headers).proto());
    }
}
