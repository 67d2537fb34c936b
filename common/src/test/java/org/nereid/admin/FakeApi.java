package org.nereid.admin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;

/**
 * A scripted HTTP server on 127.0.0.1 standing in for the admin API, so that the client's
 * requests (method, path, headers, body) can be checked on a real socket. The server's own
 * admin API is tested end to end in the server module.
 */
public final class FakeApi implements AutoCloseable {
    public record Request(String method, String path, Map<String, List<String>> headers, String body) {
        public String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : values.get(0);
        }
    }

    public record Response(int status, Map<String, String> headers, String body) {
    }

    public final List<Request> requests = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Response> responses = new ConcurrentHashMap<>();
    private final HttpServer server;

    private FakeApi(HttpServer server) {
        this.server = server;
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeApi http() throws IOException {
        return new FakeApi(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    public static FakeApi https(SSLContext tls) throws IOException {
        HttpsServer s = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        s.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new FakeApi(s);
    }

    public URI uri() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers {@code method path} (raw path, as sent) with this response. */
    public void on(String method, String path, int status, Map<String, String> headers, String body) {
        responses.put(method + " " + path, new Response(status, headers, body));
    }

    public Request last() {
        return requests.get(requests.size() - 1);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getRawPath();
        Map<String, List<String>> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.putAll(exchange.getRequestHeaders());
        requests.add(new Request(exchange.getRequestMethod(), path, headers, body));
        Response r = responses.getOrDefault(exchange.getRequestMethod() + " " + path,
                new Response(404, Map.of(), "not found"));
        r.headers().forEach((k, v) -> exchange.getResponseHeaders().add(k, v));
        byte[] bytes = r.body().getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(r.status(), bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
