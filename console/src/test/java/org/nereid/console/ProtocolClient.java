package org.nereid.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** A minimal client of Galène's protocol (version 2) over a real WebSocket, for tests. */
public final class ProtocolClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final String id = UUID.randomUUID().toString();
    private final WebSocket ws;
    private String username;

    private ProtocolClient(URI endpoint) throws Exception {
        ws = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(endpoint, new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            try {
                                inbox.add(JSON.readTree(partial.toString()));
                            } catch (Exception e) {
                                inbox.add(JSON.createObjectNode().put("type", "unparsable"));
                            }
                            partial.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        ObjectNode hello = JSON.createObjectNode().put("type", "handshake").put("id", id);
        hello.putArray("version").add("2");
        send(hello);
    }

    public static ProtocolClient connect(URI endpoint) throws Exception {
        return new ProtocolClient(endpoint);
    }

    public void send(ObjectNode message) {
        ws.sendText(message.toString(), true).join();
    }

    /** Joins with a user name and password; returns the server's "joined" answer (kind join or fail). */
    public JsonNode join(String group, String user, String password) throws InterruptedException {
        ObjectNode m = JSON.createObjectNode().put("type", "join").put("kind", "join").put("group", group)
                .put("username", user).put("password", password);
        send(m);
        return joined();
    }

    /** Joins with a token (an invitation); returns the "joined" answer. */
    /** Joins with an invitation; {@code username} is the name a guest chooses, or null for none. */
    public JsonNode joinWithToken(String group, String token, String username) throws InterruptedException {
        ObjectNode join = JSON.createObjectNode().put("type", "join").put("kind", "join").put("group", group)
                .put("token", token);
        if (username != null) {
            join.put("username", username);
        }
        send(join);
        return joined();
    }

    private JsonNode joined() throws InterruptedException {
        JsonNode j = await(m -> "joined".equals(m.path("type").asText())
                && !"change".equals(m.path("kind").asText()));
        username = j.path("username").asText(null);
        return j;
    }

    public void chat(String text) {
        ObjectNode m = JSON.createObjectNode().put("type", "chat").put("source", id).put("dest", "")
                .put("privileged", false).put("noecho", false).put("value", text);
        if (username != null) {
            m.put("username", username);
        }
        send(m);
    }

    /** The next message matching {@code which} (others are dropped), within 15 s. */
    public JsonNode await(Predicate<JsonNode> which) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode m = inbox.poll(Math.max(1, left), TimeUnit.NANOSECONDS);
            if (m == null) {
                throw new AssertionError("no matching message within 15 s");
            }
            if ("ping".equals(m.path("type").asText())) {
                send(JSON.createObjectNode().put("type", "pong"));
            }
            if (which.test(m)) {
                return m;
            }
        }
    }

    @Override
    public void close() {
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").exceptionally(e -> null);
    }
}
