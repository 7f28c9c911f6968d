package dev.scalr.gateway.token;

import jakarta.ws.rs.core.Response;
import org.jose4j.json.JsonUtil;

import java.util.Map;

/**
 * What Authentik's token endpoint answered, read once for every grant the gateway makes (authorization code,
 * refresh, client_credentials with an app password). What each grant makes of it is its caller's: a refused code
 * ends a sign-in, a refused app password is a wrong credential.
 */
public sealed interface TokenAnswer {

    /** 200 with an ID token; the refresh token when Authentik issued one. */
    record Issued(String idToken, String refreshToken) implements TokenAnswer {
    }

    /** Not JSON: a proxy's error page, a truncated body. */
    record Unreadable(int status) implements TokenAnswer {
    }

    /** An OAuth error answer; {@code error} is Authentik's code as sent (callers make it printable), or null. */
    record Refused(int status, String error) implements TokenAnswer {
    }

    /** 200 without an ID token: the openid scope was not granted. */
    record NoIdToken() implements TokenAnswer {
    }

    static TokenAnswer read(Response response) {
        String body = response.hasEntity() ? response.readEntity(String.class) : "";
        Map<String, Object> json;
        try {
            json = JsonUtil.parseJson(body);
        } catch (Exception e) {
            return new Unreadable(response.getStatus());
        }
        if (response.getStatus() != 200) {
            return new Refused(response.getStatus(), json.get("error") instanceof String error ? error : null);
        }
        if (!(json.get("id_token") instanceof String idToken)) {
            return new NoIdToken();
        }
        return new Issued(idToken, json.get("refresh_token") instanceof String refresh ? refresh : null);
    }
}
