package org.nereid.cluster.relay;

import java.util.function.Consumer;

/**
 * The helping node's end of a relay: a member of this node's copy of the group that publishes
 * every stream the hosting node offers it, as its own up streams: the hosting node's offer is
 * a publisher's offer here, answered by this node's up connection (its answer, candidates and
 * aborts go back). This node's receivers of the group are then offered those streams by the
 * usual path and get their own down tracks. It also receives, as any member, the streams this
 * node's members publish, and offers them to their stand-ins at the hosting node, which
 * publish them there.
 */
final class RelayMirror extends RelayEnd {
    static final String END = "mirror";

    RelayMirror(RelayLink link, String group, String host, Consumer<RelayEnd> onEnd) {
        super(link, group, host, END, MIRROR_OUT, MIRROR_IN, onEnd);
    }

    @Override
    void joining() {
        link.send(peer, group, END, "open", null);
        requestAll();
    }
}
