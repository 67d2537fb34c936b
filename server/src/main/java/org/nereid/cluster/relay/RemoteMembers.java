package org.nereid.cluster.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.nereid.group.MemberInfo;
import org.nereid.signal.HostLink;
import org.nereid.signal.SignalService;

/**
 * Chat, presence and moderation of cascaded groups (docs/cluster.md): the hosting node orders
 * a group's events. On a helping node, this is the {@link HostLink} through which its
 * signalling sends the joins, messages and leaves of its mirrors' members to their hosting
 * node ({@value #MEMBER} envelopes); on the hosting node, it keeps one {@link StandIn} per such
 * member, whose messages from the group go back ({@value #STAND_IN} envelopes). Both travel on
 * the relays' topics, which keep one sender's envelopes in order. The streams such a member
 * publishes reach its stand-in from the helping node's mirror ({@link #fromMirror}), never
 * through the member's own messages.
 */
final class RemoteMembers implements HostLink {
    static final String MEMBER = "member";
    static final String STAND_IN = "standin";

    private final RelayLink link;
    /** The node hosting a group this node mirrors, or null. */
    private final Function<String, String> hostOf;
    private final Map<String, StandIn> standIns = new ConcurrentHashMap<>();
    private volatile SignalService signal;

    RemoteMembers(RelayLink link, Function<String, String> hostOf) {
        this.link = link;
        this.hostOf = hostOf;
    }

    void serve(SignalService service) {
        signal = service;
        service.relayMembersTo(this);
    }

    // ---- on a helping node

    @Override
    public void joined(String group, String id, MemberInfo info) {
        ObjectNode m = RelayLink.JSON.createObjectNode().put("id", id).put("username", info.username());
        info.permissions().forEach(m.putArray("permissions")::add);
        if (info.data() != null) {
            m.set("data", info.data());
        }
        toHost(group, "join", m);
    }

    @Override
    public void message(String group, String id, String text) {
        toHost(group, "msg", RelayLink.JSON.createObjectNode().put("id", id).put("text", text));
    }

    @Override
    public void left(String group, String id) {
        toHost(group, "leave", RelayLink.JSON.createObjectNode().put("id", id));
    }

    private void toHost(String group, String op, JsonNode m) {
        String host = hostOf.apply(group);
        if (host != null) {
            link.send(host, group, MEMBER, op, m);
        }
    }

    /** The hosting node of {@code group} sent its stand-in's message (or closed it). */
    void fromStandIn(String group, String op, JsonNode m) {
        SignalService s = signal;
        if (s == null) {
            return;
        }
        if (op.equals("close")) {
            s.hostClosed(group, m.path("id").asText(), m.path("code").asInt(1000));
        } else {
            s.fromHost(group, m.path("id").asText(), m.path("text").asText());
        }
    }

    /** The mirror of {@code group} ended (its host left or stopped): its members are sent away. */
    void hostGone(String group) {
        SignalService s = signal;
        if (s != null) {
            s.hostGone(group);
        }
    }

    // ---- on the hosting node

    /** A helping node's member of {@code group} joined, spoke or acted, or left. */
    void fromMember(String node, String group, String op, JsonNode m) {
        SignalService s = signal;
        String key = node + " " + group + " " + m.path("id").asText();
        switch (op) {
            case "join" -> {
                if (s == null) {
                    return;
                }
                List<String> permissions = new ArrayList<>();
                m.path("permissions").forEach(p -> permissions.add(p.asText()));
                MemberInfo info = new MemberInfo(m.path("username").asText(), permissions,
                        m.get("data") instanceof ObjectNode d ? d : null);
                StandIn in = new StandIn(link, node, group, m.path("id").asText(), this::ended);
                StandIn before = standIns.put(key, in);
                if (before != null) {
                    before.end();
                }
                in.start(s, info);
            }
            case "msg" -> {
                StandIn in = standIns.get(key);
                String text = m.path("text").asText();
                if (in != null && HostLink.MESSAGES.contains(typeOf(text))) { // streams come from the mirror only
                    in.tell(text);
                }
            }
            case "leave" -> {
                StandIn in = standIns.get(key);
                if (in != null) {
                    in.end();
                }
            }
            default -> {
            }
        }
    }

    /**
     * A message of the mirror of {@code group} at helping node {@code node} about a stream of one
     * of its members (an offer names the member as its source): handed to the member's stand-in,
     * which publishes it here. Returns false when it is about no such stream (it is then about
     * one the host relays to the mirror). An offer for a member without a stand-in is aborted.
     */
    boolean fromMirror(String node, String group, JsonNode m) {
        String type = m.path("type").asText();
        String stream = m.path("id").asText();
        if (type.equals("offer")) {
            StandIn in = standIns.get(node + " " + group + " " + m.path("source").asText());
            if (in == null) {
                link.send(node, group, RelayFeed.END, "msg", RelayEnd.message("abort").put("id", stream));
            } else {
                in.publish(m);
            }
            return true;
        }
        StandIn in = standIns.values().stream()
                .filter(s -> s.node.equals(node) && s.group.equals(group) && s.publishes(stream))
                .findFirst().orElse(null);
        if (in == null || !(type.equals("ice") || type.equals("close"))) {
            return false;
        }
        in.publish(m);
        return true;
    }

    private static String typeOf(String text) {
        try {
            return RelayLink.JSON.readTree(text).path("type").asText();
        } catch (IOException e) {
            return "";
        }
    }

    /** A node left the cluster: its members' stand-ins leave their groups. */
    void nodeLeft(String node) {
        standIns.values().stream().filter(in -> in.node.equals(node)).forEach(StandIn::end);
    }

    void close() {
        standIns.values().forEach(StandIn::end);
    }

    private void ended(StandIn in) {
        standIns.remove(in.node + " " + in.group + " " + in.id, in);
    }
}
