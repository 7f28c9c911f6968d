package dev.scalr.gateway.dev.authentik;

import com.sun.net.httpserver.HttpExchange;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;

import java.io.IOException;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Authentik's userinfo endpoint (/application/o/userinfo/): the claims of the user an access token was issued to,
 * for a token signed by one of the stand-in's providers and not expired; anything else is 401.
 */
final class UserInfo {

    private static final List<String> CLAIMS = List.of("sub", "preferred_username", "name", "email", "email_verified",
            "groups", "entitlements");

    private final Supplier<Collection<SigningKey>> keys;

    UserInfo(Supplier<Collection<SigningKey>> keys) {
        this.keys = keys;
    }

    void handle(HttpExchange exchange) throws IOException {
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            unauthorized(exchange);
            return;
        }
        String token = authorization.substring(7).trim();
        for (SigningKey key : keys.get()) {
            try {
                JwtClaims claims = new JwtConsumerBuilder().setVerificationKey(key.jwk().getPublicKey())
                        .setSkipDefaultAudienceValidation().setRequireExpirationTime().build().processToClaims(token);
                Map<String, Object> answer = new LinkedHashMap<>();
                CLAIMS.forEach(name -> {
                    if (claims.hasClaim(name)) {
                        answer.put(name, claims.getClaimValue(name));
                    }
                });
                FakeAuthentik.send(exchange, 200, org.jose4j.json.JsonUtil.toJson(answer));
                return;
            } catch (InvalidJwtException e) {
                // not this provider's key, or expired: try the next one
            }
        }
        unauthorized(exchange);
    }

    private static void unauthorized(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer error=\"invalid_token\"");
        FakeAuthentik.send(exchange, 401, "{\"error\":\"invalid_token\"}");
    }
}
