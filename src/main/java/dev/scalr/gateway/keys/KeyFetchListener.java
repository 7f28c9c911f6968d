package dev.scalr.gateway.keys;

import dev.scalr.gateway.app.App;

/** Told the result of every JWKS fetch of every app (metrics). Called on the fetching thread: keep it cheap. */
@FunctionalInterface
public interface KeyFetchListener {

    /** Results: a fetch that failed, a document that is no JWKS, one without usable keys, or fine. */
    enum Result {
        OK("ok"), FAILED("failed"), GARBAGE("garbage"), NO_KEYS("no_keys");

        private final String label;

        Result(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    KeyFetchListener NONE = (app, result) -> {
    };

    void fetched(App app, Result result);
}
