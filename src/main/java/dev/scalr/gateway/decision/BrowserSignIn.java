package dev.scalr.gateway.decision;

import dev.scalr.gateway.access.StepUp;
import dev.scalr.gateway.app.App;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.session.SignedIn;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/** What the decision asks of the browser sign-in (signin/SignIn): its reserved paths, the session, the challenge. */
public interface BrowserSignIn {

    /** The app host's reserved prefix: start, callback, sign-out. */
    boolean isReserved(ForwardedRequest request);

    /** The callback, start, sign-out, or an unknown reserved path. */
    CompletionStage<Decision> handleReserved(App app, ForwardedRequest request);

    /** The browser's session with the app, when it has one. */
    CompletionStage<Optional<SignedIn>> session(App app, ForwardedRequest request);

    /**
     * Sends a navigating browser to Authentik; anything else gets {@code apiAnswer}.
     * @param stepUp what Authentik must be asked for (prompt=login, max_age), or null
     */
    Decision challenge(App app, ForwardedRequest request, Decision apiAnswer, StepUp stepUp);
}
