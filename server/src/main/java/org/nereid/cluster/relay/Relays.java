package org.nereid.cluster.relay;

import com.fasterxml.jackson.databind.JsonNode;
import com.hazelcast.core.HazelcastInstance;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToIntFunction;
import org.nereid.group.MemberInfo;
import org.nereid.group.Permission;
import org.nereid.signal.SignalService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's relays of cascaded groups (docs/cluster.md, "Cascading a big group"): as a
 * hosting node, one {@link RelayFeed} per group and helping node; as a helping node, one
 * {@link RelayMirror} per group it helps with. A mirror is opened when a receiver is placed
 * here for a group another node hosts, and ends when it is alone in the group for a while, or
 * when the hosting node leaves the cluster; the feed follows its mirror.
 */
public final class Relays implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Relays.class);
    /** Sweeps (one a second) a mirror may stay alone in its group before it ends. */
    private static final int IDLE_SWEEPS = 5;

    private final RelayLink link;
    private final Map<String, RelayFeed> feeds = new ConcurrentHashMap<>();
    private final Map<String, RelayMirror> mirrors = new ConcurrentHashMap<>();
    private final Map<String, Integer> idle = new ConcurrentHashMap<>();
    private final RemoteMembers members;
    private volatile SignalService signal;

    public Relays(HazelcastInstance hz, String self) {
        this.link = new RelayLink(hz, self);
        this.members = new RemoteMembers(link, group -> {
            RelayMirror m = mirrors.get(group);
            return m == null ? null : m.peer;
        });
    }

    /** Starts relaying through this node's signalling. */
    public void serve(SignalService service) {
        signal = service;
        members.serve(service);
        link.listen(this::onEnvelope);
    }

    /**
     * Makes this node help with {@code group}, hosted at {@code host}: opens the mirror unless
     * one is open. Returns false when this node cannot (it does not serve yet).
     */
    public boolean mirror(String group, String host) {
        SignalService s = signal;
        if (s == null) {
            return false;
        }
        mirrors.computeIfAbsent(group, g -> {
            RelayMirror m = new RelayMirror(link, g, host, this::ended);
            log.info("cluster relay: helping node {} with group {}", host, g);
            m.start(s, new MemberInfo("relay from " + host, List.of(Permission.PRESENT), null));
            return m;
        });
        return true;
    }

    /** Whether this node mirrors {@code group}. */
    public boolean mirrors(String group) {
        return mirrors.containsKey(group);
    }

    /**
     * Called every second with how many are in each group here: a mirror alone in its group
     * for {@value #IDLE_SWEEPS} sweeps ends (so does its feed on the hosting node).
     */
    public void sweep(ToIntFunction<String> clientsHere) {
        for (RelayMirror m : mirrors.values()) {
            if (clientsHere.applyAsInt(m.group) > 0) { // the mirror itself does not count
                idle.remove(m.group);
            } else if (idle.merge(m.group, 1, Integer::sum) >= IDLE_SWEEPS) {
                m.end("no receiver left here", true);
            }
        }
    }

    /** A node left the cluster: the relays with it end (their media would fail anyway). */
    public void nodeLeft(String node) {
        feeds.values().stream().filter(f -> f.peer.equals(node)).forEach(f -> f.end("node " + node + " left", false));
        mirrors.values().stream().filter(m -> m.peer.equals(node))
                .forEach(m -> m.end("the hosting node " + node + " left", false));
        members.nodeLeft(node);
    }

    private void onEnvelope(JsonNode e) {
        String from = e.path("from").asText();
        String group = e.path("group").asText();
        String op = e.path("op").asText();
        SignalService s = signal;
        String end = e.path("end").asText();
        if (end.equals(RemoteMembers.MEMBER)) {
            members.fromMember(from, group, op, e.path("msg"));
        } else if (end.equals(RemoteMembers.STAND_IN)) {
            RelayMirror m = mirrors.get(group);
            if (m != null && m.peer.equals(from)) {
                members.fromStandIn(group, op, e.path("msg"));
            }
        } else if (end.equals(RelayMirror.END)) {
            String key = from + " " + group;
            if (op.equals("open") && (s == null || s.registry().clientCount(group) == 0)) {
                // not (or no longer) live here: the mirror ends rather than this node taking the group
                link.send(from, group, RelayFeed.END, "close", null);
                return;
            }
            if (op.equals("open")) {
                feeds.computeIfAbsent(key, k -> {
                    RelayFeed f = new RelayFeed(link, group, from, this::ended);
                    log.info("cluster relay: feeding group {} to node {}", group, from);
                    f.start(s, new MemberInfo("relay to " + from, List.of(), null));
                    return f;
                });
            }
            if (!(op.equals("msg") && members.fromMirror(from, group, e.path("msg")))) {
                dispatch(feeds.get(key), op, e);
            }
        } else {
            RelayMirror m = mirrors.get(group);
            dispatch(m != null && m.peer.equals(from) ? m : null, op, e);
        }
    }

    private static void dispatch(RelayEnd to, String op, JsonNode e) {
        if (to == null) {
            return;
        }
        switch (op) {
            case "msg" -> to.peerMessage(e.path("msg"));
            case "close" -> to.end("node " + to.peer + " ended it", false);
            default -> {
            }
        }
    }

    private void ended(RelayEnd end) {
        if (end instanceof RelayFeed) {
            feeds.remove(end.peer + " " + end.group, end);
        } else {
            if (mirrors.remove(end.group, end)) {
                members.hostGone(end.group);
            }
            idle.remove(end.group);
        }
    }

    @Override
    public void close() {
        feeds.values().forEach(f -> f.end("this node stops", true));
        mirrors.values().forEach(m -> m.end("this node stops", true));
        members.close();
        link.close();
    }
}
