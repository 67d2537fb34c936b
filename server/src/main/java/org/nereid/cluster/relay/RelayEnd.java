package org.nereid.cluster.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.nereid.group.MemberInfo;
import org.nereid.signal.SignalConnection;
import org.nereid.signal.SignalService;
import org.nereid.signal.SignalTransport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One end of a relay of a group between two nodes: an in-process client of this node's
 * signalling (like a WHIP session, its "socket" is this object) joined to the group as a
 * trusted member, whose peer is the other end on the other node, reached through the
 * {@link RelayLink}. The hosting node's end receives the group's streams ({@link RelayFeed});
 * the helping node's end publishes them ({@link RelayMirror}). Media never passes here: the
 * two nodes' own down and up connections carry it, ICE and DTLS-SRTP between them.
 */
abstract class RelayEnd implements SignalTransport {
    private static final Logger log = LoggerFactory.getLogger(RelayEnd.class);
    private static final CompletableFuture<Void> SENT = CompletableFuture.completedFuture(null);
    private static final SecureRandom RANDOM = new SecureRandom();

    final RelayLink link;
    final String group;
    final String peer;
    private final String end;
    private final Consumer<RelayEnd> onEnd;
    private volatile SignalConnection connection;
    private volatile boolean ended;

    /**
     * @param end   which end this is, as envelopes name it ({@code feed} or {@code mirror})
     * @param peer  the node of the other end
     * @param onEnd told once when this end is over
     */
    RelayEnd(RelayLink link, String group, String peer, String end, Consumer<RelayEnd> onEnd) {
        this.link = link;
        this.group = group;
        this.peer = peer;
        this.end = end;
        this.onEnd = onEnd;
    }

    /** Connects to signalling as {@code identity} and joins the group. */
    void start(SignalService signal, MemberInfo identity) {
        connection = signal.connectTrusted(this, identity);
        ObjectNode handshake = message("handshake");
        handshake.putArray("version").add("2");
        handshake.put("id", "relay-" + HexFormat.of().formatHex(randomBytes()));
        tell(handshake);
        tell(message("join").put("kind", "join").put("group", group).put("username", identity.username()));
        joining();
    }

    /** Just asked to join: what this end sends next (a request for streams, the opening envelope). */
    abstract void joining();

    /** A Galène message that this node's signalling sent this end. */
    abstract void fromSignalling(String type, JsonNode m);

    /** A Galène message that the other end sent, through the link. */
    abstract void fromPeer(String type, JsonNode m);

    /** Sends a Galène message to the other end. */
    final void toPeer(JsonNode m) {
        if (!ended) {
            link.send(peer, group, end, "msg", m);
        }
    }

    /** Hands a message to this node's signalling, as a client's socket would. */
    final void tell(JsonNode m) {
        SignalConnection c = connection;
        if (c != null && !ended) {
            c.onText(m.toString());
        }
    }

    final void peerMessage(JsonNode m) {
        fromPeer(m.path("type").asText(), m);
    }

    static ObjectNode message(String type) {
        return RelayLink.JSON.createObjectNode().put("type", type);
    }

    /** Copies the fields a stream's message carries across the relay. */
    static ObjectNode stream(String type, JsonNode from, String... fields) {
        ObjectNode m = message(type);
        m.set("id", from.path("id"));
        for (String f : fields) {
            if (from.has(f)) {
                m.set(f, from.get(f));
            }
        }
        return m;
    }

    /** Leaves the group and, unless the other end asked for it, tells the other end. Idempotent. */
    final void end(String why, boolean tellPeer) {
        if (ended) {
            return;
        }
        if (tellPeer) {
            link.send(peer, group, end, "close", null);
        }
        ended = true;
        SignalConnection c = connection;
        if (c != null) {
            c.onClosed();
        }
        log.info("cluster relay: {} of group {} with node {} ended: {}", end, group, peer, why);
        onEnd.accept(this);
    }

    boolean ended() {
        return ended;
    }

    // ---- what signalling sends this client

    @Override
    public final CompletionStage<Void> send(String text) {
        JsonNode m;
        try {
            m = RelayLink.JSON.readTree(text);
        } catch (IOException e) {
            return SENT; // signalling writes only JSON
        }
        String type = m.path("type").asText();
        switch (type) {
            case "ping" -> tell(message("pong"));
            case "joined" -> {
                String kind = m.path("kind").asText();
                if (!kind.equals("join") && !kind.equals("change")) {
                    end("the group " + (kind.equals("fail") ? "refused it: " + m.path("value").asText()
                            : "sent it away (" + kind + ")"), true);
                }
            }
            default -> fromSignalling(type, m);
        }
        return SENT;
    }

    @Override
    public final void close(int code, String reason) {
        end(reason == null || reason.isEmpty() ? "signalling closed it" : reason, true);
    }

    @Override
    public final String remoteAddress() {
        return "node " + peer;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }
}
