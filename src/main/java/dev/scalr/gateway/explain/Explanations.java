package dev.scalr.gateway.explain;

import dev.scalr.gateway.access.AccessRule;
import dev.scalr.gateway.access.AccessRule.Policy;
import dev.scalr.gateway.access.Paths;
import dev.scalr.gateway.app.App;
import dev.scalr.gateway.app.AppRegistry;
import dev.scalr.gateway.decision.BrowserSignIn;
import dev.scalr.gateway.forward.ClientAddresses;
import dev.scalr.gateway.forward.ForwardedRequest;
import dev.scalr.gateway.forward.ForwardedRequests;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Which app and access rule a request would get, without a credential: the same steps as the decision up to the
 * rule (the forwarded request read by {@link ForwardedRequests}, the app by host, the reserved sign-in path, then
 * {@code AccessRules.match}), and no further. Who the user is, and so the outcome, is not part of the answer.
 */
@Singleton
public class Explanations {

    /** An answer: 200 with the explanation, or a problem (400, 404) as JSON. */
    public record Answer(int status, JsonObject body) {
    }

    private final AppRegistry apps;
    private final BrowserSignIn signIn;

    @Inject
    public Explanations(AppRegistry apps, BrowserSignIn signIn) {
        this.apps = apps;
        this.signIn = signIn;
    }

    public Answer explain(ExplainQuery query) {
        ForwardedRequest request = forwarded(query);
        if (request.host() == null) {
            return badQuery("host must be a host name, optionally with a port");
        }
        if (query.client() != null && request.clientAddress().isEmpty()) {
            return badQuery("client must be an IP address (IPv4 or IPv6)");
        }
        Optional<App> found = apps.byHost(request.host());
        if (found.isEmpty()) {
            return new Answer(404, problem(404, "not found", "undeclared_app", "no app is declared for host '"
                    + request.host() + "': the gateway answers 403 undeclared_app").put("host", request.host()));
        }
        App app = found.get();
        JsonObject body = new JsonObject().put("host", request.host()).put("method", request.method())
                .put("path", request.path()).put("client", query.client() == null ? null : request.clientAddress())
                .put("app", app.slug());
        if (signIn.isReserved(request)) {
            return new Answer(200, body.put("sign_in_path", true).put("detail", "the gateway answers this path itself"
                    + " (sign-in start, callback, sign-out) before any access rule"));
        }
        boolean readable = Paths.isPlain(request.path());
        AccessRule rule = app.access().match(request.method(), request.path(), request.clientAddress());
        body.put("sign_in_path", false).put("readable", readable)
                .put("normalised_path", readable ? Paths.normalised(request.path()) : null)
                .put("rule", rule.label()).put("rule_text", rule.text())
                .put("policy", rule.policy().name().toLowerCase(Locale.ROOT)).put("groups", groups(rule))
                .put("mfa", rule.mfa()).put("max_age", rule.maxAgeSeconds() > 0 ? rule.maxAgeSeconds() : null)
                .put("detail", detail(rule, readable));
        return new Answer(200, body);
    }

    /** The query as Traefik's headers would have carried it, read the way every forwarded request is read. */
    private static ForwardedRequest forwarded(ExplainQuery query) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Forwarded-Host", query.host())
                .add("X-Forwarded-Method", query.method()).add("X-Forwarded-Uri", query.uri());
        // the client as the peer, with no X-Forwarded-For: the address given is the address the rules see
        return ForwardedRequests.from(headers, ClientAddresses.DEFAULT, query.client());
    }

    /** One array per requirement (the user must be in one group of it), all of which must hold. */
    private static JsonArray groups(AccessRule rule) {
        JsonArray all = new JsonArray();
        for (Set<String> anyOf : rule.groups()) {
            all.add(new JsonArray(anyOf.stream().sorted().toList()));
        }
        return all;
    }

    private static String detail(AccessRule rule, boolean readable) {
        String who = switch (rule.policy()) {
            case PUBLIC -> "anyone, without a credential";
            case DENY -> "nobody: 403 rule_denied";
            case AUTHENTICATED -> "any signed-in user";
            case GROUPS -> "a signed-in user in groups " + rule.groupsText();
        };
        if (rule.policy() != Policy.PUBLIC && rule.policy() != Policy.DENY) {
            who += (rule.mfa() ? ", signed in with a second factor" : "")
                    + (rule.maxAgeSeconds() > 0 ? ", signed in within the last " + rule.maxAgeSeconds() + " s" : "");
        }
        String which = switch (rule.label()) {
            case "default" -> "no rule matches; the app's default";
            case "strictest" -> "the path is not plain (dot segments, encoded separators, path parameters), so the"
                    + " app could read it as any path: the strictest requirement";
            default -> "rule " + rule.label() + " is the first that matches";
        };
        return which + (readable || !"default".equals(rule.label()) ? "" : " (the path is not plain: no public path)")
                + "; it admits " + who;
    }

    /** A query that cannot be explained: 400, reason bad_query. */
    public static Answer badQuery(String detail) {
        return new Answer(400, problem(400, "bad request", "bad_query", detail));
    }

    private static JsonObject problem(int status, String title, String reason, String detail) {
        return new JsonObject().put("status", status).put("title", title).put("reason", reason).put("detail", detail);
    }
}
