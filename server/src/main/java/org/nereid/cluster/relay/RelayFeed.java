package org.nereid.cluster.relay;

import java.util.function.Consumer;

/**
 * The hosting node's end of a relay: a member of the group that asks for every stream,
 * audio and video, as a browser would; the offers of its down connections, their candidates
 * and their ends go to the helping node, whose answers, candidates and aborts come back here.
 * So each up track leaves this node once per helping node, chosen layer and all, through the
 * usual down connection (NACK cache, keyframe requests and receiver reports included).
 */
final class RelayFeed extends RelayEnd {
    static final String END = "feed";

    RelayFeed(RelayLink link, String group, String helper, Consumer<RelayEnd> onEnd) {
        super(link, group, helper, END, HOST_TO_HELPER, HELPER_TO_HOST, onEnd);
    }

    @Override
    void joining() {
        requestAll();
    }
}
