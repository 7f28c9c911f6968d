package dev.scalr.gateway.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The real proxies the gateway is tested behind (Traefik itself is not installable here). Each writes its
 * config into a temp dir and forwards Traefik's X-Forwarded-* set (Method, Proto, Host, Uri, For) to /auth.
 */
enum ProxyKind {

    /** Caddy's forward_auth: sets X-Forwarded-Method/-Uri itself; reverse_proxy adds -For/-Proto/-Host. */
    CADDY("caddy") {
        @Override
        List<String> command(Path binary, Path dir, int listen, List<Integer> gateways, int backend, List<String> identity)
                throws IOException {
            String caddyfile = """
                    {
                    \tadmin off
                    \tauto_https off
                    }
                    http://127.0.0.1:%d {
                    \tforward_auth %s {
                    \t\turi /auth
                    \t\tlb_policy round_robin
                    \t\tcopy_headers %s
                    \t}
                    \treverse_proxy 127.0.0.1:%d
                    }
                    """.formatted(listen, gateways.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(" ")),
                    String.join(" ", identity), backend);
            Path config = Files.writeString(dir.resolve("Caddyfile"), caddyfile);
            return List.of(binary.toString(), "run", "--config", config.toString(), "--adapter", "caddyfile");
        }
    },

    /**
     * nginx's auth_request: only 2xx/401/403 survive it (anything else becomes 500), so the gateway's status,
     * Location, WWW-Authenticate and Set-Cookie are captured with auth_request_set and replayed by error_page.
     */
    NGINX("nginx") {
        @Override
        List<String> command(Path binary, Path dir, int listen, List<Integer> gateways, int backend, List<String> identity)
                throws IOException {
            String upstream = gateways.stream().map(p -> "\t\tserver 127.0.0.1:" + p + ";").collect(Collectors.joining("\n"));
            String captures = identity.stream().map(h -> "\t\t\tauth_request_set $id_" + var(h) + " $upstream_http_" + var(h)
                    + ";\n\t\t\tproxy_set_header " + h + " $id_" + var(h) + ";").collect(Collectors.joining("\n"));
            String root = "root".equals(System.getProperty("user.name")) ? "user root root;\n" : "";
            String conf = root + """
                    worker_processes 1;
                    daemon off;
                    pid %1$s/nginx.pid;
                    error_log %1$s/error.log warn;
                    events { worker_connections 512; }
                    http {
                    \taccess_log off;
                    \tclient_body_temp_path %1$s/body;
                    \tproxy_temp_path %1$s/proxy;
                    \tfastcgi_temp_path %1$s/fastcgi;
                    \tuwsgi_temp_path %1$s/uwsgi;
                    \tscgi_temp_path %1$s/scgi;
                    \tabsolute_redirect off;
                    \t# several gateway replicas: round robin, as Traefik balances a service's servers
                    \tupstream gateway {
                    %6$s
                    \t}
                    \tserver {
                    \t\tlisten 127.0.0.1:%2$d;
                    \t\tlocation = /_gateway {
                    \t\t\tinternal;
                    \t\t\tproxy_pass http://gateway/auth;
                    \t\t\tproxy_pass_request_body off;
                    \t\t\tproxy_set_header Content-Length "";
                    \t\t\tproxy_set_header X-Forwarded-Method $request_method;
                    \t\t\tproxy_set_header X-Forwarded-Proto $scheme;
                    \t\t\tproxy_set_header X-Forwarded-Host $http_host;
                    \t\t\tproxy_set_header X-Forwarded-Uri $request_uri;
                    \t\t\tproxy_set_header X-Forwarded-For $remote_addr;
                    \t\t}
                    \t\tlocation / {
                    \t\t\tauth_request /_gateway;
                    \t\t\tauth_request_set $gw_status $upstream_status;
                    \t\t\tauth_request_set $gw_location $upstream_http_location;
                    \t\t\tauth_request_set $gw_challenge $upstream_http_www_authenticate;
                    \t\t\tauth_request_set $gw_cookie $upstream_http_set_cookie;
                    %5$s
                    \t\t\terror_page 401 = @gateway_401;
                    \t\t\terror_page 403 = @gateway_403;
                    \t\t\terror_page 500 = @gateway_other;
                    \t\t\tproxy_pass http://127.0.0.1:%4$d;
                    \t\t}
                    \t\tlocation @gateway_401 {
                    \t\t\tadd_header WWW-Authenticate $gw_challenge always;
                    \t\t\tadd_header Set-Cookie $gw_cookie always;
                    \t\t\treturn 401 '{"status":401,"title":"unauthorized"}';
                    \t\t}
                    \t\tlocation @gateway_403 {
                    \t\t\tadd_header WWW-Authenticate $gw_challenge always;
                    \t\t\treturn 403 '{"status":403,"title":"forbidden"}';
                    \t\t}
                    \t\t# auth_request maps the gateway's 302/303 to 500: put the real answer back (first Set-Cookie only).
                    \t\tlocation @gateway_other {
                    \t\t\tadd_header Set-Cookie $gw_cookie always;
                    \t\t\tif ($gw_status = 302) { return 302 $gw_location; }
                    \t\t\tif ($gw_status = 303) { return 303 $gw_location; }
                    \t\t\t# the sign-in's own error pages (bad state, reserved path): status kept, body is nginx's
                    \t\t\tif ($gw_status = 400) { return 400; }
                    \t\t\tif ($gw_status = 404) { return 404; }
                    \t\t\treturn 502;
                    \t\t}
                    \t}
                    }
                    """.formatted(dir, listen, 0, backend, captures, upstream);
            Path config = Files.writeString(dir.resolve("nginx.conf"), conf);
            return List.of(binary.toString(), "-p", dir.toString(), "-e", dir.resolve("error.log").toString(),
                    "-c", config.toString());
        }
    };

    private final String binaryName;

    ProxyKind(String binaryName) {
        this.binaryName = binaryName;
    }

    String binaryName() {
        return binaryName;
    }

    abstract List<String> command(Path binary, Path dir, int listen, List<Integer> gateways, int backend,
            List<String> identity) throws IOException;

    private static String var(String header) {
        return header.toLowerCase(java.util.Locale.ROOT).replace('-', '_');
    }
}
