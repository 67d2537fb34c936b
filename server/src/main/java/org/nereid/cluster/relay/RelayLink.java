package org.nereid.cluster.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.core.HazelcastInstance;
import java.io.IOException;
import java.util.UUID;
import java.util.function.Consumer;
import org.nereid.json.Json;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signalling between the two ends of relays: one Hazelcast topic per node ({@value #TOPIC}
 * followed by the node's name), carrying small JSON envelopes. An envelope names the sending
 * node, the group, which end sent it ({@code feed} on the hosting node, {@code mirror} on the
 * helping node), what it is ({@code open}, {@code msg} with a Galène protocol message, or
 * {@code close}). Hazelcast delivers one sender's messages in order, which offer, answer and
 * candidates need.
 */
final class RelayLink {
    private static final Logger log = LoggerFactory.getLogger(RelayLink.class);
    static final String TOPIC = "nereid.relay.";
    static final ObjectMapper JSON = Json.mapper();

    private final HazelcastInstance hz;
    private final String self;
    private UUID listener;

    RelayLink(HazelcastInstance hz, String self) {
        this.hz = hz;
        this.self = self;
    }

    String self() {
        return self;
    }

    /** Starts handing this node's envelopes to {@code onEnvelope}, on Hazelcast's event threads. */
    void listen(Consumer<JsonNode> onEnvelope) {
        listener = hz.<String>getTopic(TOPIC + self).addMessageListener(m -> {
            try {
                onEnvelope.accept(JSON.readTree(m.getMessageObject()));
            } catch (IOException | RuntimeException e) {
                log.warn("cluster relay: an envelope from {} was not understood: {}",
                        m.getPublishingMember(), e.toString());
            }
        });
    }

    /** Sends an envelope to node {@code to}; a node that is gone never reads it. */
    void send(String to, String group, String end, String op, JsonNode message) {
        ObjectNode e = JSON.createObjectNode().put("from", self).put("group", group).put("end", end).put("op", op);
        if (message != null) {
            e.set("msg", message);
        }
        try {
            hz.<String>getTopic(TOPIC + to).publish(e.toString());
        } catch (RuntimeException ex) {
            if (hz.getLifecycleService().isRunning()) {
                log.warn("cluster relay: could not reach node {}: {}", to, ex.toString());
            }
        }
    }

    void close() {
        if (listener != null && hz.getLifecycleService().isRunning()) {
            hz.getTopic(TOPIC + self).removeMessageListener(listener);
        }
    }
}
