package org.nereid.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.nereid.server.Nereid;
import org.nereid.server.ServerOptions;

/**
 * A real Nereid on an ephemeral loopback port with its own data and groups directories,
 * plus the clients tests talk to it with: java.net.http, and a raw socket for requests
 * that HttpClient would refuse to send (backslashes, forged Host headers).
 */
public final class RunningServer implements AutoCloseable {
    /** Short, so tests of listeners wait little; lookups see changes at once anyway. */
    public static final Duration SCAN_INTERVAL = Duration.ofMillis(100);

    public final Path root;
    public final Path data;
    public final Path groups;
    public final Nereid nereid;
    public final HttpClient client;

    private RunningServer(Path root, Nereid nereid) {
        this.root = root;
        this.data = root.resolve("data");
        this.groups = root.resolve("groups");
        this.nereid = nereid;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Plain HTTP server over fresh directories under {@code root}. */
    public static RunningServer start(Path root) throws Exception {
        return start(root, options -> options);
    }

    public static RunningServer start(Path root, UnaryOperator<ServerOptions> adjust) throws Exception {
        return start(root, adjust, nereid -> { });
    }

    /** Lets the test adjust the options and wire hooks (e.g. a WebSocket endpoint) before the start. */
    public static RunningServer start(Path root, UnaryOperator<ServerOptions> adjust, Consumer<Nereid> wire) throws Exception {
        Files.createDirectories(root.resolve("data"));
        Files.createDirectories(root.resolve("groups"));
        Nereid nereid = new Nereid(adjust.apply(ServerOptions.forTest(root.resolve("data"), root.resolve("groups"))),
                SCAN_INTERVAL);
        wire.accept(nereid);
        nereid.start();
        return new RunningServer(root, nereid);
    }

    public String base() {
        return "http://127.0.0.1:" + nereid.port();
    }

    public URI uri(String path) {
        return URI.create(base() + path);
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    public HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Sends bytes exactly as given and returns the whole response text (the server closes after it). */
    public String raw(String requestHead) throws IOException {
        try (Socket s = new Socket("127.0.0.1", nereid.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(requestHead.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** Status code of a raw GET of {@code target} with connection close. */
    public int rawStatus(String target, String host) throws IOException {
        String response = raw("GET " + target + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n");
        return Integer.parseInt(response.substring(9, 12));
    }

    public void writeGroup(String name, String json) throws IOException {
        Path file = groups.resolve(name + ".json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
    }

    @Override
    public void close() {
        nereid.close();
    }
}
