package dev.scalr.gateway.decision;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.token.Identity;

/**
 * What the gateway answers, as a value. Computed by {@link DecisionService}, turned into HTTP only by
 * {@link DecisionResponder}, logged only by {@link DecisionLog}.
 */
public sealed interface Decision {

    /** Stable outcome label for logs and metrics. */
    String outcome();

    /** Stable reason label for logs and metrics. */
    String reason();

    /** The app, or null when the request matched none. */
    App app();

    /** @param identity null on a public path; @param bearer the presented token, for optional forwarding */
    record Allow(App app, Identity identity, String bearer, String reason) implements Decision {
        public String outcome() {
            return "allow";
        }
    }

    /** No acceptable credential. tokenPresented selects RFC 6750's invalid_token error. */
    record Unauthorized(App app, String reason, String description, boolean tokenPresented, String logDetail)
            implements Decision {
        public String outcome() {
            return "unauthorized";
        }
    }

    /** Known user without the right groups (identity set), or a request the gateway refuses outright. */
    record Forbidden(App app, Identity identity, String reason, String description, String logDetail)
            implements Decision {
        public String outcome() {
            return "forbidden";
        }
    }
}
