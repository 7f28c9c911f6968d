package dev.scalr.gateway.decision;

import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.token.Identity;
import org.jboss.logging.Logger;

import java.util.regex.Pattern;

/**
 * One line per decision: app, method, host, path, user, outcome, reason. The path is logged without its
 * query (queries can carry tokens); nothing from a credential but the user name ever reaches the log.
 * Allows log at gateway.log.allow-level (default DEBUG: they are most of the traffic), every other outcome at
 * gateway.log.deny-level (default INFO); the category's quarkus.log level still filters (see
 * docs/configuration-operations.md).
 */
public final class DecisionLog {

    private static final Logger LOG = Logger.getLogger("dev.scalr.gateway.decision");
    private static final Pattern QUOTED_UNSAFE = Pattern.compile("[\\p{Cntrl}\"]");
    private static final Pattern FIELD_UNSAFE = Pattern.compile("[\\p{Cntrl}\"\\s]");

    private static volatile Logger.Level allowLevel = Logger.Level.DEBUG;
    private static volatile Logger.Level denyLevel = Logger.Level.INFO;

    private DecisionLog() {
    }

    /** Set once at startup from gateway.log.* (see {@link DecisionLogLevels}). */
    static void levels(Logger.Level allow, Logger.Level deny) {
        allowLevel = allow;
        denyLevel = deny;
    }

    public static void log(ForwardedRequest request, Decision decision) {
        Logger.Level level = decision instanceof Decision.Allow ? allowLevel : denyLevel;
        if (!LOG.isEnabled(level)) {
            return;
        }
        String detail = decision instanceof Decision.Unauthorized u ? u.logDetail()
                : decision instanceof Decision.Forbidden f ? f.logDetail()
                : decision instanceof Decision.Page p ? p.logDetail()
                : decision instanceof Decision.BadRequest b ? b.logDetail() : "";
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
        String clean = QUOTED_UNSAFE.matcher(value).replaceAll("'");
        return clean.length() > 512 ? clean.substring(0, 512) + "..." : clean;
    }

    static String safe(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        String clean = FIELD_UNSAFE.matcher(value).replaceAll("_");
        return clean.length() > 256 ? clean.substring(0, 256) + "..." : clean;
    }
}
