package dev.scalr.gateway.decision;

import dev.scalr.gateway.decision.Decision.Redirect;
import dev.scalr.gateway.forward.ForwardedRequest;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;

import java.util.ArrayList;
import java.util.List;

/**
 * A gateway cookie the browser sent more than once was most likely planted by a sibling host with Domain= a parent
 * domain (cookie tossing). Neither copy is used; the browser goes to sign-in as if it had none, and the redirect
 * expires the name host-only and on each parent domain (Path=/), so that after sign-in only the gateway's own cookie
 * is left and the browser does not loop. A copy planted with another Path survives this (documented).
 */
final class DuplicateCookies {

    /** host-only plus at most this many parent domains (a.b.c.example.com: 3 parents above the host). */
    private static final int MAX_PARENTS = 4;

    private DuplicateCookies() {
    }

    static Decision clearOnSignIn(Decision answer, List<String> names, ForwardedRequest request) {
        if (!(answer instanceof Redirect redirect) || !"sign-in".equals(redirect.reason())) {
            return answer;
        }
        List<String> setCookies = new ArrayList<>(redirect.setCookies());
        for (String name : names) {
            setCookies.add(expired(name, null, request.https()));
            if (!name.startsWith("__Host-")) { // a __Host- cookie can carry no Domain: a browser rejects such a copy
                for (String parent : parents(request.host())) {
                    setCookies.add(expired(name, parent, request.https()));
                }
            }
        }
        return new Redirect(redirect.app(), redirect.status(), redirect.location(), List.copyOf(setCookies),
                Decision.DUPLICATE_COOKIE, redirect.identity());
    }

    /** grafana.apps.example.com → apps.example.com, example.com (never a single label such as "com"). */
    static List<String> parents(String host) {
        List<String> parents = new ArrayList<>();
        if (host == null) {
            return parents;
        }
        String rest = host;
        int dot = rest.indexOf('.');
        while (dot > 0 && rest.indexOf('.', dot + 1) > 0 && parents.size() < MAX_PARENTS) {
            rest = rest.substring(dot + 1);
            parents.add(rest);
            dot = rest.indexOf('.');
        }
        return parents;
    }

    private static String expired(String name, String domain, boolean secure) {
        Cookie cookie = Cookie.cookie(name, "").setPath("/").setMaxAge(0).setHttpOnly(true).setSecure(secure)
                .setSameSite(CookieSameSite.LAX);
        if (domain != null) {
            cookie.setDomain(domain);
        }
        return cookie.encode();
    }
}
