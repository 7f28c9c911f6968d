package dev.scalr.gateway.session;

import dev.scalr.gateway.support.RedisReplicas;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static dev.scalr.gateway.session.TestSessions.join;

/** The store contract, for the store replicas share, against a real redis-server. */
class RedisSessionStoreTest extends SessionStoreContract {

    @RegisterExtension
    static final RedisReplicas replicas = new RedisReplicas();

    @Override
    protected SessionStore newStore(Clock clock) {
        return replicas.store(clock);
    }

    @Override
    protected boolean sharedByReplicas() {
        return true;
    }

    /** The subscription starts with the store: announce probe ids until one comes back. */
    @Override
    protected void awaitListening(SessionStore store) throws Exception {
        Set<String> heard = ConcurrentHashMap.newKeySet();
        store.onEnded(heard::add);
        SessionRecord probe = new SessionRecord("probe-" + UUID.randomUUID(), "probe", null, null, null, null, 0, 0, 0, 0, 0);
        for (int i = 0; i < 100 && heard.isEmpty(); i++) {
            join(store.delete(probe)); // announced whether or not the key existed
            Thread.sleep(20);
        }
    }
}
