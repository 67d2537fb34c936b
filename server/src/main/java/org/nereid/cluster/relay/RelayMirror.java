package org.nereid.cluster.relay;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Consumer;

/**
 * The helping node's end of a relay: a member of this node's copy of the group that publishes
 * every stream the hosting node offers it, as its own up streams: the hosting node's offer is
 * a publisher's offer here, answered by this node's up connection. This node's receivers of
 * the group are then offered those streams by the usual path and get their own down tracks.
 */
final class RelayMirror extends RelayEnd {
    static final String END = "mirror";

    RelayMirror(RelayLink link, String group, String host, Consumer<RelayEnd> onEnd) {
        super(link, group, host, END, onEnd);
    }

    @Override
    void joining() {
        link.send(peer, group, END, "open", null);
    }

    @Override
    void fromPeer(String type, JsonNode m) {
        switch (type) {
            case "offer" -> tell(stream("offer", m, "label", "sdp"));
            case "ice" -> tell(stream("ice", m, "candidate"));
            case "close" -> tell(stream("close", m));
            default -> {
            }
        }
    }

    @Override
    void fromSignalling(String type, JsonNode m) {
        switch (type) {
            case "answer" -> toPeer(stream("answer", m, "sdp"));
            case "ice" -> toPeer(stream("ice", m, "candidate"));
            case "abort" -> toPeer(stream("abort", m));
            default -> {
                // this node's local members' users and chat are not relayed yet (docs/cluster.md)
            }
        }
    }
}
