package dev.scalr.gateway.token;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.core.Form;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Authentik's token endpoint on the internal network (REST client, built at startup with its URL).
 * Host and X-Forwarded-Proto carry the public AUTHENTIK_HOST: Authentik mints iss from them.
 */
public interface TokenEndpoint {

    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    Uni<Response> exchange(@HeaderParam("Host") String host, @HeaderParam("X-Forwarded-Proto") String proto, Form form);
}
