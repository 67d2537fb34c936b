package org.nereid.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A small Galène protocol client for tests: speaks JSON to the server over
 * whatever carries it (in memory, or a real WebSocket) and lets a test wait
 * for the messages it expects.
 */
public abstract class ProtocolClient implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(10);

    public final String id;
    private final BlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    private final List<JsonNode> seen = new ArrayList<>();
    protected volatile boolean closedByServer;
    protected volatile int closeCode = -1;

    protected ProtocolClient(String id) {
        this.id = id;
    }

    /** Sends raw text as one message. */
    public abstract void sendText(String text);

    @Override
    public abstract void close();

    protected void received(String text) {
        try {
            inbox.add(JSON.readTree(text));
        } catch (Exception e) {
            inbox.add(JSON.createObjectNode().put("type", "unparseable").put("text", text));
        }
    }

    protected void serverClosed(int code) {
        closeCode = code;
        closedByServer = true;
        inbox.add(JSON.createObjectNode().put("type", "<closed>").put("code", code));
    }

    public static ObjectNode msg(String type, Object... keyValues) {
        ObjectNode o = JSON.createObjectNode().put("type", type);
        for (int i = 0; i < keyValues.length; i += 2) {
            o.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
        }
        return o;
    }

    public void send(JsonNode m) {
        sendText(m.toString());
    }

    public ProtocolClient handshake() {
        send(msg("handshake", "version", List.of("2"), "id", id));
        JsonNode h = expect("handshake");
        assertEquals("[\"2\"]", h.get("version").toString());
        return this;
    }

    /** Joins and waits for the answer ("joined" of kind join, fail or redirect). */
    public JsonNode join(String group, String username, String password) {
        ObjectNode m = msg("join", "kind", "join", "group", group);
        if (username != null) {
            m.put("username", username);
        }
        if (password != null) {
            m.put("password", password);
        }
        send(m);
        return expect(n -> n.path("type").asText().equals("joined")
                && !n.path("kind").asText().equals("change"), "joined");
    }

    public JsonNode joinOk(String group, String username, String password) {
        JsonNode j = join(group, username, password);
        assertEquals("join", j.path("kind").asText(), () -> "join failed: " + j);
        return j;
    }

    public void chat(String text) {
        send(msg("chat", "source", id, "value", text));
    }

    public JsonNode expect(String type) {
        return expect(n -> n.path("type").asText().equals(type), type);
    }

    public JsonNode expect(String type, String kind) {
        return expect(n -> n.path("type").asText().equals(type) && n.path("kind").asText().equals(kind),
                type + "/" + kind);
    }

    /** The error usermessage the server sends to this client next, skipping other messages. */
    public String expectError() {
        return expect("usermessage", "error").path("value").asText();
    }

    /** Waits for a message matching {@code p}, consuming the ones before it. */
    public JsonNode expect(Predicate<JsonNode> p, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode n;
            try {
                n = left <= 0 ? null : inbox.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            if (n == null) {
                fail("no " + what + " within " + WAIT + "; saw " + seen);
            }
            seen.add(n);
            if (p.test(n)) {
                return n;
            }
        }
    }

    /**
     * Round-trips a ping, then returns what arrived meanwhile. The server
     * handles a client's messages in order, so everything caused by earlier
     * messages of this client has been queued before the pong.
     */
    public List<JsonNode> sync() {
        send(msg("ping"));
        List<JsonNode> before = new ArrayList<>();
        expect(n -> {
            if (n.path("type").asText().equals("pong")) {
                return true;
            }
            before.add(n);
            return false;
        }, "pong");
        return before;
    }

    /** Asserts that, by the time a ping round-trips, nothing of this type has arrived. */
    public void assertNoneOf(String type) {
        for (JsonNode n : sync()) {
            assertTrue(!n.path("type").asText().equals(type), () -> "unexpected " + n);
        }
    }

    public void expectClosed() {
        expect("<closed>");
    }

    public int closeCode() {
        return closeCode;
    }

    static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array instanceof ArrayNode a) {
            a.forEach(e -> out.add(e.asText()));
        }
        return out;
    }
}
