package dev.scalr.gateway.signin;

import dev.scalr.gateway.app.App;
import dev.scalr.gateway.token.Identity;
import dev.scalr.gateway.token.Verification;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jose4j.json.JsonUtil;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Redeems an authorization code at Authentik's internal token endpoint and checks the ID token it returns.
 * The request carries the public host and scheme, because Authentik builds iss from them: without them the
 * tokens would carry the internal issuer and fail the exact-issuer check.
 */
final class CodeExchange {

    private static final Logger LOG = Logger.getLogger(CodeExchange.class);

    /** identity null means failure; reason and detail go to the decision log. */
    record Result(Identity identity, String reason, String detail) {
    }

    private final TokenEndpoint endpoint;
    private final String publicHost;
    private final String publicProto;
    private final IdTokens idTokens;

    CodeExchange(TokenEndpoint endpoint, URI publicAuthentik, IdTokens idTokens) {
        this.endpoint = endpoint;
        this.publicHost = publicAuthentik.getPort() > 0 ? publicAuthentik.getHost() + ":" + publicAuthentik.getPort()
                : publicAuthentik.getHost();
        this.publicProto = publicAuthentik.getScheme();
        this.idTokens = idTokens;
    }

    CompletionStage<Result> redeem(App app, String code, String redirectUri, LoginState login) {
        Form form = new Form().param("grant_type", "authorization_code").param("code", code)
                .param("redirect_uri", redirectUri).param("code_verifier", login.verifier())
                .param("client_id", app.clientId().orElseThrow());
        app.clientSecret().ifPresent(secret -> form.param("client_secret", secret));
        return endpoint.exchange(publicHost, publicProto, form)
                .map(response -> conclude(app, response, login))
                .onFailure().recoverWithItem(error -> {
                    LOG.warnf("app=%s token-endpoint=unreachable error=%s", app.slug(), error.getClass().getSimpleName());
                    return new Result(null, "token_endpoint_unreachable", error.getClass().getSimpleName());
                })
                .subscribeAsCompletionStage();
    }

    private Result conclude(App app, Response response, LoginState login) {
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        Map<String, Object> json;
        try {
            json = JsonUtil.parseJson(body);
        } catch (Exception e) {
            return new Result(null, "token_endpoint_garbage", "HTTP " + response.getStatus() + ", body is not JSON");
        }
        if (response.getStatus() != 200) {
            // Authentik's OAuth error code (invalid_grant, invalid_client, ...) is safe to log; the body is not echoed.
            Object error = json.get("error");
            return new Result(null, "code_rejected", "HTTP " + response.getStatus() + " error="
                    + (error instanceof String s ? Html.printable(s) : "?"));
        }
        if (!(json.get("id_token") instanceof String idToken)) {
            return new Result(null, "no_id_token", "token response has no id_token (is the openid scope granted?)");
        }
        Verification verification = idTokens.verify(app, idToken);
        if (verification instanceof Verification.Failed failed) {
            return new Result(null, "id_token_" + failed.failure().code(), failed.logDetail());
        }
        Verification.Verified verified = (Verification.Verified) verification;
        if (!login.nonce().equals(verified.nonce())) {
            return new Result(null, "nonce_mismatch", "ID token nonce does not match this sign-in");
        }
        return new Result(verified.identity(), "signed_in", "");
    }
}
