package dev.scalr.gateway.signin;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * States whose callback this replica has already taken, each kept until its login cookie expires, so a
 * replayed login cookie cannot make the gateway post the client secret to Authentik again. Bounded: at
 * capacity the oldest state is dropped (its replay then costs one exchange, as a fresh sign-in would).
 * Per replica; {@link SingleUseLogins} adds the check across replicas when they share a Redis store.
 */
final class ConsumedStates {

    static final int DEFAULT_CAPACITY = 10_000;

    private final int capacity;
    /** Insertion order is expiry order: every login cookie lives gateway.sign-in.login-timeout. */
    private final LinkedHashMap<String, Long> states = new LinkedHashMap<>();

    ConsumedStates(int capacity) {
        this.capacity = capacity;
    }

    /** True the first time a state is taken before its expiry (epoch seconds); false for a replay. */
    synchronized boolean take(String state, long expiresAt, long now) {
        Iterator<Map.Entry<String, Long>> oldest = states.entrySet().iterator();
        while (oldest.hasNext() && oldest.next().getValue() < now) {
            oldest.remove();
        }
        if (states.containsKey(state)) {
            return false;
        }
        if (states.size() >= capacity) {
            states.remove(states.keySet().iterator().next());
        }
        states.put(state, expiresAt);
        return true;
    }

    synchronized int size() {
        return states.size();
    }
}
