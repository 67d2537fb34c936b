package org.nereid.cluster.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.nereid.group.MemberInfo;
import org.nereid.signal.SignalConnection;
import org.nereid.signal.SignalService;
import org.nereid.signal.SignalTransport;

/**
 * On the hosting node of a cascaded group, one member of a helping node's mirror: an
 * in-process client of this node's signalling with the member's id, name, permissions and data,
 * joined to the group without credentials (the helping node checked them, on the same shared
 * files). What the member sends arrives here and is acted on as the stand-in's; what the group
 * tells the stand-in (presence, chat, its history, moderation) goes back to the member's node.
 * The streams the member publishes at its node are published here by the stand-in, offered by
 * the helping node's mirror ({@link #publish}); what this node's signalling says of them goes
 * back to the mirror.
 */
final class StandIn implements SignalTransport {
    private static final CompletableFuture<Void> SENT = CompletableFuture.completedFuture(null);
    /** What a publisher sends of a stream, with the fields kept: the mirror's offers, candidates, ends. */
    private static final List<String> UP_FIELDS = List.of("label", "sdp", "candidate");
    /** What this node's signalling says of a stand-in's stream, for the mirror, with the fields kept. */
    private static final Map<String, List<String>> TO_MIRROR = Map.of("answer", List.of("sdp"),
            "ice", List.of("candidate"), "abort", List.of(), "renegotiate", List.of());

    final String node;
    final String group;
    final String id;
    private final RelayLink link;
    private final Consumer<StandIn> onEnd;
    private volatile SignalConnection connection;
    private volatile boolean ended;
    /** The streams this stand-in publishes for its member: their messages go to the mirror. */
    private final Set<String> ups = ConcurrentHashMap.newKeySet();

    StandIn(RelayLink link, String node, String group, String id, Consumer<StandIn> onEnd) {
        this.link = link;
        this.node = node;
        this.group = group;
        this.id = id;
        this.onEnd = onEnd;
    }

    /** Joins the group as the member. */
    void start(SignalService signal, MemberInfo member) {
        connection = signal.connectTrusted(this, member);
        ObjectNode handshake = RelayEnd.message("handshake").put("id", id);
        handshake.putArray("version").add("2");
        tell(handshake.toString());
        tell(RelayEnd.message("join").put("kind", "join").put("group", group).put("username", member.username())
                .toString());
    }

    /**
     * The helping node's mirror offers (or renegotiates, or ends, or trickles a candidate of) one
     * of the member's streams: this stand-in publishes it here, as the member's.
     */
    void publish(JsonNode m) {
        String type = m.path("type").asText();
        String stream = m.path("id").asText();
        if (type.equals("offer")) {
            ups.add(stream);
        }
        tell(RelayEnd.stream(type, m, UP_FIELDS).toString());
        if (type.equals("close")) {
            ups.remove(stream);
        }
    }

    boolean publishes(String stream) {
        return ups.contains(stream);
    }

    /** A message of the member, as its node's signalling encoded it. */
    void tell(String text) {
        SignalConnection c = connection;
        if (c != null && !ended) {
            c.onText(text);
        }
    }

    /** The member left at its node (or its node left): the stand-in leaves the group. */
    void end() {
        if (!ended) {
            ended = true;
            connection.onClosed();
            onEnd.accept(this);
        }
    }

    @Override
    public CompletionStage<Void> send(String text) {
        JsonNode m;
        try {
            m = RelayLink.JSON.readTree(text);
        } catch (IOException e) {
            return SENT; // signalling writes only JSON
        }
        String type = m.path("type").asText();
        List<String> upFields = TO_MIRROR.get(type);
        if (upFields != null && ups.contains(m.path("id").asText())) {
            if (!ended) { // to the mirror, as the host's feed speaks to it
                link.send(node, group, RelayFeed.END, "msg", RelayEnd.stream(type, m, upFields));
            }
            if (type.equals("abort")) {
                ups.remove(m.path("id").asText());
            }
            return SENT;
        }
        switch (type) {
            case "ping" -> tell(RelayEnd.message("pong").toString()); // the member's own node checks it is alive
            case "handshake", "pong" -> {
            }
            default -> {
                if (!ended) {
                    link.send(node, group, RemoteMembers.STAND_IN, "msg", envelope(text));
                }
            }
        }
        return SENT;
    }

    /** The group or this node closed the stand-in (a kick, a refusal, a shutdown): the member goes too. */
    @Override
    public void close(int code, String reason) {
        if (!ended) {
            ended = true;
            // the code crosses so that a member sent away for a restart (1012) comes back by itself
            link.send(node, group, RemoteMembers.STAND_IN, "close", envelope(null).put("code", code));
            onEnd.accept(this);
        }
    }

    @Override
    public String remoteAddress() {
        return "node " + node;
    }

    @Override
    public String node() {
        return node;
    }

    private ObjectNode envelope(String text) {
        ObjectNode m = RelayLink.JSON.createObjectNode().put("id", id);
        return text == null ? m : m.put("text", text);
    }
}
