package dev.scalr.gateway.signin;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.page.Html;
import dev.scalr.gateway.token.AuthentikTokens;
import dev.scalr.gateway.token.TokenAnswer;
import dev.scalr.gateway.token.Identity;
import dev.scalr.gateway.token.TokenEndpoint;
import dev.scalr.gateway.token.TokenFailure;
import dev.scalr.gateway.token.TokenGrant;
import dev.scalr.gateway.token.Verification;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Redeems an authorization code, or a refresh token (silent refresh), at Authentik's internal token endpoint and
 * checks the ID token it returns.
 * The request carries the public host and scheme, because Authentik builds iss from them: without them the
 * tokens would carry the internal issuer and fail the exact-issuer check.
 */
public final class CodeExchange {

    private static final Logger LOG = Logger.getLogger(CodeExchange.class);
    /** OAuth errors an operator must fix (wrong secret, client not allowed); invalid_grant is the user's (or a replay). */
    private static final Set<String> OPERATOR_ERRORS = Set.of("invalid_client", "unauthorized_client",
            "unsupported_grant_type", "invalid_request");

    /** What the token endpoint said: an ID token to verify, or already a failure. */
    private record Answer(String idToken, String refreshToken, TokenGrant failure) {
    }

    private final TokenEndpoint endpoint;
    private final String publicHost;
    private final String publicProto;
    private final AuthentikTokens tokens;

    /**
     * @param endpoint a client built with the default exception mapper off: an HTTP error is an answer to read
     * @param tokens   checks the ID token in the answer, waiting for keys as every Authentik-issued token does
     */
    CodeExchange(TokenEndpoint endpoint, URI publicAuthentik, AuthentikTokens tokens) {
        this.endpoint = endpoint;
        this.publicHost = publicAuthentik.getPort() > 0 ? publicAuthentik.getHost() + ":" + publicAuthentik.getPort()
                : publicAuthentik.getHost();
        this.publicProto = publicAuthentik.getScheme();
        this.tokens = tokens;
    }

    CompletionStage<TokenGrant> redeem(App app, String code, String redirectUri, LoginState login) {
        Form form = new Form().param("grant_type", "authorization_code").param("code", code)
                .param("redirect_uri", redirectUri).param("code_verifier", login.verifier())
                .param("client_id", app.clientId().orElseThrow());
        app.clientSecret().ifPresent(secret -> form.param("client_secret", secret));
        return post(app, form, "code_rejected").thenCompose(answer -> answer.failure() != null
                ? CompletableFuture.completedFuture(answer.failure())
                : verify(app, answer, login.nonce()));
    }

    /**
     * The refresh grant. No scope is sent: Authentik then keeps the original one, which must hold offline_access
     * (a narrower or wider scope is invalid_scope). Authentik revokes the refresh token it was given and returns a
     * new one; the refreshed ID token carries no nonce.
     */
    public CompletionStage<TokenGrant> refresh(App app, String refreshToken) {
        Form form = new Form().param("grant_type", "refresh_token").param("refresh_token", refreshToken)
                .param("client_id", app.clientId().orElseThrow());
        app.clientSecret().ifPresent(secret -> form.param("client_secret", secret));
        return post(app, form, "refresh_rejected").thenCompose(answer -> answer.failure() != null
                ? CompletableFuture.completedFuture(answer.failure())
                : verify(app, answer, null));
    }

    private CompletionStage<Answer> post(App app, Form form, String rejected) {
        return endpoint.exchange(publicHost, publicProto, form)
                .map(response -> read(app, response, rejected))
                .onFailure().recoverWithItem(error -> {
                    LOG.warnf("app=%s token-endpoint=unreachable error=%s", app.slug(), error.getClass().getSimpleName());
                    return new Answer(null, null, TokenGrant.failed("token_endpoint_unreachable",
                            error.getClass().getSimpleName(), true));
                })
                .subscribeAsCompletionStage();
    }

    private Answer read(App app, Response response, String rejected) {
        TokenAnswer answer = TokenAnswer.read(response);
        if (answer instanceof TokenAnswer.Issued issued) {
            return new Answer(issued.idToken(), issued.refreshToken(), null);
        }
        if (answer instanceof TokenAnswer.Unreadable unreadable) {
            LOG.warnf("app=%s token-endpoint=garbage status=%d", app.slug(), unreadable.status());
            return new Answer(null, null, TokenGrant.failed("token_endpoint_garbage",
                    "HTTP " + unreadable.status() + ", body is not JSON", true));
        }
        if (answer instanceof TokenAnswer.Refused refused) {
            int status = refused.status();
            // Authentik's OAuth error code (invalid_grant, invalid_client, ...) is safe to log; the body is not echoed.
            String error = refused.error() != null ? Html.printable(refused.error()) : "?";
            if (status >= 500 || OPERATOR_ERRORS.contains(error)) {
                LOG.warnf("app=%s token-endpoint=error status=%d error=%s", app.slug(), status, error);
            }
            // a 4xx is Authentik's word on this grant (refresh: revoked, user gone, session ended); a 5xx is not
            return new Answer(null, null, TokenGrant.failed(status >= 500 ? "token_endpoint_error" : rejected,
                    "HTTP " + status + " error=" + error, status >= 500));
        }
        return new Answer(null, null, TokenGrant.failed("no_id_token",
                "token response has no id_token (is the openid scope granted?)", false));
    }

    private CompletionStage<TokenGrant> verify(App app, Answer answer, String nonce) {
        return tokens.verify(app, answer.idToken()).thenApply(verification -> conclude(verification, answer, nonce));
    }

    /** @param nonce the sign-in's nonce, or null for a refresh (whose ID token carries none) */
    private static TokenGrant conclude(Verification verification, Answer answer, String nonce) {
        if (verification instanceof Verification.Failed failed) {
            return TokenGrant.failed("id_token_" + failed.failure().code(), failed.logDetail(), false);
        }
        Verification.Verified verified = (Verification.Verified) verification;
        if (nonce != null && !nonce.equals(verified.nonce())) {
            return TokenGrant.failed("nonce_mismatch", "ID token nonce does not match this sign-in", false);
        }
        return new TokenGrant(verified.identity(), answer.idToken(), answer.refreshToken(), "signed_in", "", false);
    }
}
