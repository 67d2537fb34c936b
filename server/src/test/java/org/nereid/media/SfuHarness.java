package org.nereid.media;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A test stand-in for signalling: an HTTP server on 127.0.0.1 serving the
 * test page and turning its POSTs into {@link MediaSession} calls. Like
 * Galène's signalling, when an up stream ends it closes the down streams
 * that carried it and tells their clients ("close").
 */
final class SfuHarness implements AutoCloseable {
    private final MediaEngine engine;
    private final HttpServer http;
    private final Map<String, MediaSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, Queue<String>> events = new ConcurrentHashMap<>();
    private final Map<String, UpStream> upStreams = new ConcurrentHashMap<>();
    /** down stream id → {client, source id} */
    private final Map<String, String[]> downs = new ConcurrentHashMap<>();
    final List<String> offers = new CopyOnWriteArrayList<>();
    final List<String> closedUps = new CopyOnWriteArrayList<>();
    final List<String> localCandidates = new CopyOnWriteArrayList<>();

    SfuHarness(MediaEngine engine) throws IOException {
        this.engine = engine;
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.setExecutor(Executors.newFixedThreadPool(4));
        http.createContext("/", this::handle);
        http.start();
    }

    /** Closes a down stream from the server's side, as signalling would. */
    void closeDown(String client, String id) throws IOException, InterruptedException {
        java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + http.getAddress().getPort()
                        + "/closeDown?client=" + client + "&id=" + id)).POST(
                        java.net.http.HttpRequest.BodyPublishers.noBody()).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("closeDown: " + r.body());
        }
    }

    /** The media session of a client that opened the page (for the server's own counters), null before. */
    MediaSession session(String client) {
        return sessions.get(client);
    }

    String url(String client, String codecs) {
        return "http://127.0.0.1:" + http.getAddress().getPort() + "/page?client=" + client + "&codecs=" + codecs;
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = ex.getRequestURI().getPath();
            if (path.equals("/page")) {
                session(q.get("client"), q.get("codecs"));
                try (InputStream in = getClass().getResourceAsStream("sfu-test.html")) {
                    reply(ex, 200, "text/html", new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                return;
            }
            String client = q.get("client");
            MediaSession session = sessions.get(client);
            String result = switch (path) {
                case "/up" -> {
                    offers.add(body);
                    yield session.answerUp(q.get("id"), "camera", body);
                }
                case "/down" -> {
                    UpStream source = awaitUp(q.get("source"));
                    downs.put(q.get("id"), new String[] {client, q.get("source")});
                    yield session.offerDown(q.get("id"), source, Set.of(q.get("kinds").split(",")));
                }
                case "/answer" -> {
                    session.answerDown(q.get("id"), body);
                    yield "";
                }
                case "/closeDown" -> {
                    session.closeDown(q.get("id"));
                    yield "";
                }
                case "/ice" -> {
                    session.addRemoteCandidate(q.get("id"), new IceCandidate(body, null, null, null));
                    yield "";
                }
                case "/events" -> {
                    List<String> list = new ArrayList<>();
                    Queue<String> queue = events.get(client);
                    for (String e; (e = queue.poll()) != null; ) {
                        list.add(e);
                    }
                    yield "[" + String.join(",", list) + "]";
                }
                default -> throw new IllegalArgumentException("no such path " + path);
            };
            reply(ex, 200, "text/plain", result);
        } catch (MediaException | RuntimeException e) {
            reply(ex, 400, "text/plain", String.valueOf(e.getMessage()));
        }
    }

    private UpStream awaitUp(String id) {
        long deadline = System.currentTimeMillis() + 30_000; // ICE and DTLS take long on a loaded machine
        while (System.currentTimeMillis() < deadline) {
            UpStream s = upStreams.get(id);
            if (s != null) {
                return s;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new IllegalStateException("up stream " + id + " did not connect");
    }

    private void session(String client, String codecs) {
        sessions.computeIfAbsent(client, c -> {
            events.put(c, new ConcurrentLinkedQueue<>());
            return engine.open(c, List.of(codecs.split(",")), new MediaEvents() {
                @Override
                public void localCandidate(String id, IceCandidate candidate) {
                    localCandidates.add(candidate.candidate());
                }

                @Override
                public void upStreamReady(UpStream stream) {
                    upStreams.put(stream.id(), stream);
                }

                @Override
                public void upStreamChanged(UpStream stream) {
                }

                @Override
                public void upStreamPathLost(String id) {
                }

                @Override
                public void downStreamOffer(String id, String sdp) {
                }

                @Override
                public void upStreamClosed(String id) {
                    upStreams.remove(id);
                    closedUps.add(id);
                    downs.forEach((downId, owner) -> {
                        if (owner[1].equals(id)) {
                            sessions.get(owner[0]).closeDown(downId);
                            events.get(owner[0]).add("{\"type\":\"close\",\"id\":\"" + downId + "\"}");
                        }
                    });
                }

                @Override
                public void downStreamClosed(String id, String reason) {
                    events.get(c).add("{\"type\":\"close\",\"id\":\"" + id + "\"}");
                }
            });
        });
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private static void reply(HttpExchange ex, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type + "; charset=utf-8");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        sessions.values().forEach(MediaSession::close);
        http.stop(0);
    }
}
