package dev.scalr.gateway.forward;

import io.netty.handler.codec.http.cookie.Cookie;
import io.netty.handler.codec.http.cookie.ServerCookieDecoder;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The client's cookies, parsed only when the gateway looks one up. A name sent more than once (cookie tossing: a
 * sibling host sets the same name with Domain= the parent domain or a longer Path) yields no value, never the first
 * one, and is remembered so the decision can say why the session was ignored. One request, one thread.
 */
public final class CookieJar {

    /** No Cookie header: nothing to parse or remember, so one jar serves every such request. */
    static final CookieJar NONE = new CookieJar(Optional.empty());

    private final String header;
    private List<Cookie> parsed;
    private List<String> ambiguous = List.of();

    public CookieJar(Optional<String> header) {
        this.header = header.orElse(null);
    }

    /** The value of the cookie when sent exactly once; empty when absent or sent several times. */
    public Optional<String> value(String name) {
        if (header == null) {
            return Optional.empty();
        }
        if (parsed == null) {
            parsed = ServerCookieDecoder.LAX.decodeAll(header);
        }
        String found = null;
        int count = 0;
        for (Cookie cookie : parsed) {
            if (cookie.name().equals(name)) {
                found = cookie.value();
                count++;
            }
        }
        if (count > 1) {
            if (!ambiguous.contains(name)) {
                List<String> names = new ArrayList<>(ambiguous);
                names.add(name);
                ambiguous = List.copyOf(names);
            }
            return Optional.empty();
        }
        return Optional.ofNullable(found);
    }

    /** Names looked up so far that were sent more than once. */
    public List<String> ambiguous() {
        return ambiguous;
    }
}
