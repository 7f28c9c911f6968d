package dev.scalr.gateway.metrics;

import dev.scalr.gateway.app.App;

/**
 * Label values are bounded: the app label is the slug of a declared app or the literal {@code undeclared},
 * never a host or user name taken from a request; outcome and reason are fixed strings of the code.
 */
public final class MetricLabels {

    public static final String UNDECLARED = "undeclared";

    private MetricLabels() {
    }

    public static String app(App app) {
        return app == null ? UNDECLARED : app.slug();
    }
}
