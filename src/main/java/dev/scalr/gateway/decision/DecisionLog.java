package dev.scalr.gateway.decision;

import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.token.Identity;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One line per decision: app, method, host, path, user, outcome, reason. The path is logged without its
 * query (queries can carry tokens); nothing from a credential but the user name ever reaches the log.
 * Allows log at gateway.log.allow-level (default DEBUG: they are most of the traffic), every other outcome at
 * gateway.log.deny-level (default INFO); the category's quarkus.log level still filters (see
 * docs/configuration-operations.md). Denial lines are limited per app and reason (gateway.log.deny-burst per
 * gateway.log.deny-window, see {@link DecisionLogLimiter}); what was left out is summed up in one line.
 */
public final class DecisionLog {

    private static final Logger LOG = Logger.getLogger("dev.scalr.gateway.decision");
    private static final Pattern QUOTED_UNSAFE = Pattern.compile("[\\p{Cntrl}\"]");
    private static final Pattern FIELD_UNSAFE = Pattern.compile("[\\p{Cntrl}\"\\s]");

    private static volatile Logger.Level allowLevel = Logger.Level.DEBUG;
    private static volatile Logger.Level denyLevel = Logger.Level.INFO;
    private static volatile DecisionLogLimiter limiter = DecisionLogLimiter.unlimited();

    private DecisionLog() {
    }

    /** Set once at startup from gateway.log.* (see {@link DecisionLogLevels}). */
    static void levels(Logger.Level allow, Logger.Level deny) {
        allowLevel = allow;
        denyLevel = deny;
    }

    /** Set once at startup from gateway.log.deny-burst and gateway.log.deny-window. */
    static void limit(DecisionLogLimiter denials) {
        limiter = denials;
    }

    public static void log(ForwardedRequest request, Decision decision) {
        boolean allow = decision instanceof Decision.Allow;
        Logger.Level level = allow ? allowLevel : denyLevel;
        if (!LOG.isEnabled(level)) {
            return;
        }
        if (!allow) {
            List<DecisionLogLimiter.Summary> ended = new ArrayList<>(0);
            boolean admitted = limiter.admit(decision.app() == null ? "-" : decision.app().slug(), decision.reason(), ended);
            ended.forEach(DecisionLog::summarise);
            if (!admitted) {
                return;
            }
        }
        String detail = decision instanceof Decision.Unauthorized u ? u.logDetail()
                : decision instanceof Decision.Forbidden f ? f.logDetail()
                : decision instanceof Decision.Page p ? p.logDetail()
                : decision instanceof Decision.BadRequest b ? b.logDetail()
                : decision instanceof Decision.Redirect r ? r.logDetail() : "";
        LOG.logf(level, "decision app=%s method=%s host=%s path=%s user=%s outcome=%s reason=%s rule=%s client=%s detail=\"%s\"",
                decision.app() == null ? "-" : decision.app().slug(), request.method(), safe(request.host()),
                safe(request.path()), safe(user(decision)), decision.outcome(), decision.reason(),
                decision.rule() == null ? "-" : decision.rule().label(), safe(request.clientAddress()), quoted(detail));
    }

    /** Writes the summary lines of the windows that are over (periodically, see {@link DecisionLogLevels}). */
    static void summariseEnded() {
        if (LOG.isEnabled(denyLevel)) {
            limiter.expired().forEach(DecisionLog::summarise);
        }
    }

    private static void summarise(DecisionLogLimiter.Summary summary) {
        LOG.logf(denyLevel, "decision app=%s reason=%s suppressed=%d similar denials in the last %ds", summary.app(),
                summary.reason(), summary.suppressed(), Math.max(1, Math.round(summary.windowMillis() / 1000.0)));
    }

    private static String user(Decision decision) {
        Identity identity = decision instanceof Decision.Allow a ? a.identity()
                : decision instanceof Decision.Forbidden f ? f.identity()
                : decision instanceof Decision.Redirect r ? r.identity() : null;
        return identity == null ? "-" : identity.username();
    }

    /** Free text inside quotes: only control characters and quotes are replaced. */
    static String quoted(String value) {
        // truncate first: the regex then never runs over more than the 512 characters that are kept
        return value.length() > 512 ? QUOTED_UNSAFE.matcher(value.substring(0, 512)).replaceAll("'") + "..."
                : QUOTED_UNSAFE.matcher(value).replaceAll("'");
    }

    static String safe(String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        return value.length() > 256 ? FIELD_UNSAFE.matcher(value.substring(0, 256)).replaceAll("_") + "..."
                : FIELD_UNSAFE.matcher(value).replaceAll("_");
    }
}
