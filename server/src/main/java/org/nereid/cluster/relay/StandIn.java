package org.nereid.cluster.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
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
 */
final class StandIn implements SignalTransport {
    private static final CompletableFuture<Void> SENT = CompletableFuture.completedFuture(null);

    final String node;
    final String group;
    final String id;
    private final RelayLink link;
    private final Consumer<StandIn> onEnd;
    private volatile SignalConnection connection;
    private volatile boolean ended;

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
        String type;
        try {
            type = RelayLink.JSON.readTree(text).path("type").asText();
        } catch (IOException e) {
            return SENT; // signalling writes only JSON
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
            link.send(node, group, RemoteMembers.STAND_IN, "close", envelope(null));
            onEnd.accept(this);
        }
    }

    @Override
    public String remoteAddress() {
        return "node " + node;
    }

    private JsonNode envelope(String text) {
        ObjectNode m = RelayLink.JSON.createObjectNode().put("id", id);
        return text == null ? m : m.put("text", text);
    }
}
