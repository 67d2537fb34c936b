package org.nereid.cluster.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
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

    /**
     * What crosses a relay, by message type with the fields kept besides the stream's id
     * (presence and chat cross as {@link RemoteMembers}' envelopes instead): from the host's feed
     * to the helper's mirror, the offers of the host's down connections (with their publisher's
     * id and name), their candidates and ends; back, the helper's answers, candidates and aborts.
     */
    static final Map<String, List<String>> HOST_TO_HELPER = Map.of(
            "offer", List.of("label", "sdp", "source", "username"),
            "ice", List.of("candidate"), "close", List.of());
    static final Map<String, List<String>> HELPER_TO_HOST = Map.of("answer", List.of("sdp"),
            "ice", List.of("candidate"), "abort", List.of());
    /**
     * The other way, from the helping node's members who publish: the mirror's signalling offers
     * it their streams as to any receiver; those offers, candidates and ends go to the members'
     * stand-ins at the host ({@link RemoteMembers#fromMirror}), which publish them there, and the
     * stand-ins' answers, candidates, aborts and requests to renegotiate come back to the mirror.
     */
    static final Map<String, List<String>> MIRROR_OUT = union(HELPER_TO_HOST, HOST_TO_HELPER);
    static final Map<String, List<String>> MIRROR_IN = union(HOST_TO_HELPER,
            union(HELPER_TO_HOST, Map.of("renegotiate", List.of())));

    final RelayLink link;
    final String group;
    final String peer;
    private final String end;
    private final Map<String, List<String>> outward;
    private final Map<String, List<String>> inward;
    private final Consumer<RelayEnd> onEnd;
    private volatile SignalConnection connection;
    private volatile boolean ended;

    /**
     * @param end     which end this is, as envelopes name it ({@code feed} or {@code mirror})
     * @param peer    the node of the other end
     * @param outward the messages of this node's signalling passed to the other end
     * @param inward  the other end's messages passed to this node's signalling
     * @param onEnd   told once when this end is over
     */
    RelayEnd(RelayLink link, String group, String peer, String end, Map<String, List<String>> outward,
             Map<String, List<String>> inward, Consumer<RelayEnd> onEnd) {
        this.link = link;
        this.group = group;
        this.peer = peer;
        this.end = end;
        this.outward = outward;
        this.inward = inward;
        this.onEnd = onEnd;
    }

    /** Connects to signalling as {@code identity} and joins the group. */
    void start(SignalService signal, MemberInfo identity) {
        connection = signal.connectRelay(this, identity);
        ObjectNode handshake = message("handshake");
        handshake.putArray("version").add("2");
        handshake.put("id", "relay-" + HexFormat.of().formatHex(randomBytes()));
        tell(handshake);
        tell(message("join").put("kind", "join").put("group", group).put("username", identity.username()));
        joining();
    }

    /** Just asked to join: what this end sends next (a request for streams, the opening envelope). */
    abstract void joining();

    /** Hands a message to this node's signalling, as a client's socket would. */
    final void tell(JsonNode m) {
        SignalConnection c = connection;
        if (c != null && !ended) {
            c.onText(m.toString());
        }
    }

    /** A Galène message that the other end sent, through the link. */
    final void peerMessage(JsonNode m) {
        String type = m.path("type").asText();
        List<String> fields = inward.get(type);
        if (fields != null) {
            tell(stream(type, m, fields));
        }
    }

    private static Map<String, List<String>> union(Map<String, List<String>> a, Map<String, List<String>> b) {
        Map<String, List<String>> u = new HashMap<>(a);
        u.putAll(b); // "ice" is in both, with the same field
        return Map.copyOf(u);
    }

    /** Asks this node's signalling for every stream of the group, audio and video, as a browser would. */
    final void requestAll() {
        ObjectNode request = message("request");
        request.putObject("request").putArray("").add("audio").add("video");
        tell(request);
    }

    static ObjectNode message(String type) {
        return RelayLink.JSON.createObjectNode().put("type", type);
    }

    /** Copies the fields a stream's message carries across the relay. */
    static ObjectNode stream(String type, JsonNode from, List<String> fields) {
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
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
        }
        if (tellPeer) {
            link.send(peer, group, end, "close", null);
        }
        SignalConnection c = connection;
        if (c != null) {
            c.onClosed();
        }
        log.info("cluster relay: {} of group {} with node {} ended: {}", end, group, peer, why);
        onEnd.accept(this);
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
            default -> {
                List<String> fields = outward.get(type);
                if (fields != null && !ended) {
                    link.send(peer, group, end, "msg", stream(type, m, fields));
                }
            }
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

    @Override
    public final String node() {
        return peer;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[8];
        RANDOM.nextBytes(b);
        return b;
    }
}
