package dev.scalr.gateway.decision;

import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.token.Identity;
import org.jboss.logging.Logger;

/**
 * One line per decision: app, method, host, path, user, outcome, reason. The path is logged without its
 * query (queries can carry tokens); nothing from a credential but the user name ever reaches the log.
 * Allows log at DEBUG (they are most of the traffic), denials at INFO: tune with
 * quarkus.log.category."dev.scalr.gateway.decision".level.
 */
public final class DecisionLog {

    private static final Logger LOG = Logger.getLogger("dev.scalr.gateway.decision");

    private DecisionLog() {
    }

    public static void log(ForwardedRequest request, Decision decision) {
        Logger.Level level = decision instanceof Decision.Allow ? Logger.Level.DEBUG : Logger.Level.INFO;
        if (!LOG.isEnabled(level)) {
            return;
        }
        String detail = decision instanceof Decision.Unauthorized u ? u.logDetail()
                : decision instanceof Decision.Forbidden f ? f.logDetail()
                : decision instanceof Decision.Page p ? p.logDetail() : "";
        LOG.logf(level, "decision app=%s method=%s host=%s path=%s user=%s outcome=%s reason=%s detail=\"%s\"",
                decision.app() == null ? "-" : decision.app().slug(), request.method(), safe(request.host()),
                safe(request.path()), safe(user(decision)), decision.outcome(), decision.reason(), quoted(detail));
    }

    private static String user(Decision decision) {
        Identity identity = decision instanceof Decision.Allow a ? a.identity()
                : decision instanceof Decision.Forbidden f ? f.identity()
                : decision instanceof Decision.Redirect r ? r.identity() : null;
        return identity == null ? "-" : identity.username();
    }

    /** Free text inside quotes: only control characters and quotes are replaced. */
    static String quoted(String value) {
        String clean = value.replaceAll("[\\p{Cntrl}\"]", "'");
        return clean.length() > 512 ? clean.substring(0, 512) + "..." : clean;
    }

    static String safe(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        String clean = value.replaceAll("[\\p{Cntrl}\"\\s]", "_");
        return clean.length() > 256 ? clean.substring(0, 256) + "..." : clean;
    }
}
