package dev.scalr.gateway.token;

import dev.scalr.gateway.app.App;

/** What token checking reports for the metrics: a token accepted under a legacy issuer (the migration window). */
public interface TokenEvents {

    void legacyIssuerAccepted(App app);
}
