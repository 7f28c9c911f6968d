package dev.scalr.gateway.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;

/** The protected app: answers every request with the headers it received, as JSON (names lower-cased). */
final class EchoBackend implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;

    EchoBackend() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newFixedThreadPool(4));
        server.createContext("/", this::echo);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void echo(HttpExchange exchange) throws IOException {
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
        byte[] body = JSON.writeValueAsBytes(Map.of("method", exchange.getRequestMethod(),
                "uri", exchange.getRequestURI().toString(), "headers", headers));
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.getResponseHeaders().set("X-Echo", "backend");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** The header values the backend saw, from an echo body; empty when it did not get the header. */
    @SuppressWarnings("unchecked")
    static List<String> received(String echoBody, String header) throws IOException {
        Map<String, Object> echo = JSON.readValue(echoBody, Map.class);
        Map<String, List<String>> headers = (Map<String, List<String>>) echo.get("headers");
        return headers.getOrDefault(header.toLowerCase(Locale.ROOT), List.of());
    }

    @SuppressWarnings("unchecked")
    static Map<String, List<String>> allReceived(String echoBody) throws IOException {
        return (Map<String, List<String>>) JSON.readValue(echoBody, Map.class).get("headers");
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
