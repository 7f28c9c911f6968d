package dev.scalr.gateway.session;

import java.time.Clock;

/** The store contract, for the store of a single replica. */
class MemorySessionStoreTest extends SessionStoreContract {

    @Override
    protected SessionStore newStore(Clock clock) {
        return new MemorySessionStore(clock);
    }

    @Override
    protected boolean sharedByReplicas() {
        return false;
    }
}
