package org.nereid.client;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import org.nereid.web.Responses;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * Serves the meeting page from the class path the way the server lays it out
 * (/group/NAME/ is meeting.html, /meeting/... are its modules, .status is the
 * group's status), so the client can be tested before and apart from the
 * server's HTTP side. An authorisation server answers at /auth and a portal
 * page stands at /portal.
 */
final class StaticSite implements AutoCloseable {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8", "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8", "svg", "image/svg+xml");

    private final HttpServer http;
    private volatile String statusJson = "{}";
    /** Answers POST /auth: body in, (status, content type, body) out. */
    private volatile Function<String, String[]> authServer = body -> new String[] {"204", "", ""};

    StaticSite() throws IOException {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/", this::handle);
        http.start();
    }

    String base() {
        return "http://127.0.0.1:" + http.getAddress().getPort();
    }

    String groupUrl(String group) {
        return base() + "/group/" + group + "/";
    }

    void status(String json) {
        statusJson = json;
    }

    void authServer(Function<String, String[]> f) {
        authServer = f;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/auth") && "POST".equals(ex.getRequestMethod())) {
                String[] r = authServer.apply(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                if (!r[1].isEmpty()) ex.getResponseHeaders().set("Content-Type", r[1]);
                send(ex, Integer.parseInt(r[0]), r[2].getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (path.equals("/portal")) {
                ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
                send(ex, 200, "<!DOCTYPE html><title>Portal</title><link rel=icon href=\"data:,\"><p>An authorisation portal.".getBytes(StandardCharsets.UTF_8));
                return;
            }
            if (path.startsWith("/group/") && path.endsWith("/.status")) {
                ex.getResponseHeaders().set("Content-Type", "application/json");
                send(ex, 200, statusJson.getBytes(StandardCharsets.UTF_8));
                return;
            }
            String resource = path.startsWith("/group/") && path.endsWith("/") ? "static/meeting.html"
                    : path.startsWith("/meeting/") && !path.contains("..") ? "static" + path : null;
            try (InputStream in = resource == null ? null : getClass().getClassLoader().getResourceAsStream(resource)) {
                if (in == null) {
                    send(ex, 404, "not found".getBytes(StandardCharsets.UTF_8));
                    return;
                }
                String ext = resource.substring(resource.lastIndexOf('.') + 1);
                ex.getResponseHeaders().set("Content-Type", TYPES.getOrDefault(ext, "application/octet-stream"));
                // the server's own page policy, so the tests run under the same CSP
                HttpHeaders policy = new DefaultHttpHeaders();
                Responses.pageSecurityHeaders(policy, null);
                policy.forEach(h -> ex.getResponseHeaders().set(h.getKey(), h.getValue()));
                send(ex, 200, in.readAllBytes());
            }
        }
    }

    private static void send(HttpExchange ex, int code, byte[] body) throws IOException {
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
