package dev.scalr.gateway.machine;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.token.TokenEndpoint;
import dev.scalr.gateway.text.LogText;
import dev.scalr.gateway.token.AuthentikTokens;
import dev.scalr.gateway.token.TokenAnswer;
import dev.scalr.gateway.token.Verification;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Exchanges a user and an Authentik app password for tokens, the way Authentik's outpost does
 * (application/auth_basic.go): client_credentials at the internal token endpoint with the app's client_id, the
 * username and password, and the app's scopes; then the ID token (it carries the user's claims, iss the public
 * issuer and aud the client id) is verified like any token of the app. Authentik answers every wrong user,
 * password or refused access policy with 400 invalid_grant. Non-blocking: the REST client's Uni, never a wait.
 */
final class AppPasswordExchange {

    private static final Logger LOG = Logger.getLogger(AppPasswordExchange.class);

    /** Authentik answers all of these with the same 400 invalid_grant (docs/operations.md, "Authentik"). */
    static final String INVALID_GRANT_CAUSES = "likely causes: wrong user name or app password, an expired app password,"
            + " the user not allowed by the application's policy bindings, or client_credentials missing from the"
            + " provider's grant types (providers made by API, blueprint or Terraform have none until set)";

    private final TokenEndpoint endpoint;
    private final String publicHost;
    private final String publicProto;
    private final String scopes;
    private final AuthentikTokens tokens;

    /**
     * @param endpoint        the internal token endpoint, built with the default exception mapper off (errors are answers)
     * @param publicAuthentik AUTHENTIK_HOST: sent as Host and X-Forwarded-Proto, since Authentik mints iss from them
     * @param scopes          the sign-in scopes (the app adds entitlements when it asks for them)
     */
    AppPasswordExchange(TokenEndpoint endpoint, URI publicAuthentik, String scopes, AuthentikTokens tokens) {
        this.endpoint = endpoint;
        this.publicHost = publicAuthentik.getPort() > 0 ? publicAuthentik.getHost() + ":" + publicAuthentik.getPort()
                : publicAuthentik.getHost();
        this.publicProto = publicAuthentik.getScheme();
        this.scopes = scopes;
        this.tokens = tokens;
    }

    CompletionStage<BasicOutcome> exchange(App app, String username, String password) {
        Form form = new Form().param("grant_type", "client_credentials")
                .param("client_id", app.clientId().orElseThrow()).param("username", username)
                .param("password", password).param("scope", app.scopes(scopes));
        // Authentik does not check it for this grant; sent anyway so a stricter IdP sees a confidential client
        app.clientSecret().ifPresent(secret -> form.param("client_secret", secret));
        String user = LogText.printable(username, 64);
        return endpoint.exchange(publicHost, publicProto, form)
                .map(response -> read(app, user, response))
                .onFailure().recoverWithItem(error -> {
                    LOG.warnf("app=%s token-endpoint=unreachable grant=client_credentials error=%s", app.slug(),
                            error.getClass().getSimpleName());
                    return new Answer(null, new BasicOutcome.Refused("token_endpoint_unreachable",
                            "Authentik could not be asked; try again", error.getClass().getSimpleName()));
                })
                .subscribeAsCompletionStage()
                .thenCompose(answer -> answer.refused() != null
                        ? CompletableFuture.completedFuture(answer.refused()) : verify(app, user, answer.idToken()));
    }

    private record Answer(String idToken, BasicOutcome refused) {
    }

    private Answer read(App app, String user, Response response) {
        TokenAnswer answer = TokenAnswer.read(response);
        if (answer instanceof TokenAnswer.Issued issued) {
            return new Answer(issued.idToken(), null);
        }
        if (answer instanceof TokenAnswer.Unreadable unreadable) {
            LOG.warnf("app=%s token-endpoint=garbage grant=client_credentials status=%d", app.slug(), unreadable.status());
            return new Answer(null, new BasicOutcome.Refused("token_endpoint_garbage", "Authentik's answer was unreadable",
                    "HTTP " + unreadable.status() + ", body is not JSON"));
        }
        if (answer instanceof TokenAnswer.Refused refused) {
            String error = refused.error() != null ? LogText.printable(refused.error(), 64) : "?";
            if (refused.status() == 400 && "invalid_grant".equals(error)) {
                return new Answer(null, new BasicOutcome.Refused(MachineClients.INVALID_CREDENTIALS,
                        "the user name or app password is wrong, expired, or not allowed for this app",
                        "app password of user \"" + user + "\" refused: HTTP 400 error=invalid_grant; " + INVALID_GRANT_CAUSES));
            }
            // invalid_client, unsupported_grant_type, 5xx: the operator's to fix, never the client's password
            LOG.warnf("app=%s token-endpoint=error grant=client_credentials status=%d error=%s", app.slug(),
                    refused.status(), error);
            return new Answer(null, new BasicOutcome.Refused("token_endpoint_error",
                    "Authentik refused the exchange", "HTTP " + refused.status() + " error=" + error));
        }
        LOG.warnf("app=%s token-endpoint=no-id-token grant=client_credentials (is the openid scope granted?)", app.slug());
        return new Answer(null, new BasicOutcome.Refused("no_id_token", "Authentik issued no ID token",
                "token response has no id_token"));
    }

    private CompletionStage<BasicOutcome> verify(App app, String user, String idToken) {
        return tokens.verify(app, idToken).thenApply(verification -> conclude(app, user, verification, idToken));
    }

    private static BasicOutcome conclude(App app, String user, Verification verification, String idToken) {
        if (verification instanceof Verification.Verified verified) {
            return new BasicOutcome.Verified(verified.identity(), idToken, "valid_app_password");
        }
        Verification.Failed failed = (Verification.Failed) verification;
        // Authentik's own token failing our checks is a configuration problem (issuer, audience, keys)
        LOG.warnf("app=%s app-password-id-token=%s detail=\"%s\"", app.slug(), failed.failure().code(), failed.logDetail());
        return new BasicOutcome.Refused("id_token_" + failed.failure().code(),
                "the token Authentik issued for this credential was not accepted",
                "ID token for user \"" + user + "\": " + failed.logDetail());
    }
}
