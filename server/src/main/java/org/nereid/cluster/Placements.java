package org.nereid.cluster;

import com.hazelcast.map.IMap;
import com.hazelcast.query.Predicates;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.nereid.group.GroupHosts;
import org.nereid.group.GroupRegistry;
import org.nereid.web.RequestPath;

/**
 * Which node hosts each live group: the map {@value #MAP}, group name to node name. A group
 * with no host (or whose host is gone) is placed on the least loaded node that is not
 * draining when its {@code .status} is asked for; a client that joins at a node where the
 * group has no host makes that node the host. An entry lives {@link #IDLE_SECONDS} after the
 * group empties (the hosting node renews it every second while anyone is in), and entries
 * of a member that left are removed at once ({@link #removeNode}).
 */
final class Placements implements GroupHosts {
    static final String MAP = "nereid.placements";
    static final long IDLE_SECONDS = 60;

    private final IMap<String, String> map;
    private final String self;
    private final GroupRegistry registry;
    private final Supplier<Map<String, NodeLoad>> nodes;
    private final Supplier<Boolean> draining;

    /**
     * @param nodes    the live nodes' last published loads, by name
     * @param draining whether this node takes no new groups
     */
    Placements(IMap<String, String> map, String self, GroupRegistry registry, Supplier<Map<String, NodeLoad>> nodes,
               Supplier<Boolean> draining) {
        this.map = map;
        this.self = self;
        this.registry = registry;
        this.nodes = nodes;
        this.draining = draining;
    }

    /** The node hosting {@code group}; with {@code place}, one is chosen if none is (else null). */
    String hostOf(String group, boolean place) {
        String host = map.get(group);
        Map<String, NodeLoad> live = nodes.get();
        if (host != null && takes(host, group, live)) {
            return host;
        }
        return place ? take(group, host, choose(live)) : null;
    }

    @Override
    public Optional<String> hostedElsewhere(String group) {
        if (registry.clientCount(group) > 0) {
            return Optional.empty();
        }
        Map<String, NodeLoad> live = nodes.get();
        String host = map.get(group);
        boolean drainingHere = draining.get();
        // a draining node keeps the groups it has, but gives away one that is placed here and empty
        if (host == null || !takes(host, group, live) || drainingHere && host.equals(self)) {
            host = take(group, host, drainingHere ? choose(live) : self);
        }
        if (host.equals(self)) {
            return Optional.empty();
        }
        NodeLoad there = live.get(host);
        if (there == null) {
            return Optional.empty();
        }
        return Optional.of(there.url() + "group/" + RequestPath.encodePath(group) + "/");
    }

    /**
     * Whether newcomers of {@code group} may go to {@code host}: a live node, and one that is
     * not draining unless the group is still live there (so that no one is sent to a drained
     * node in the moment before it leaves the cluster).
     */
    private static boolean takes(String host, String group, Map<String, NodeLoad> live) {
        NodeLoad n = live.get(host);
        return n != null && (!n.draining() || n.groups().containsKey(group));
    }

    /** Renews the entries of the groups this node hosts; called every second. */
    void renew(Iterable<String> hosted) {
        for (String group : hosted) {
            String host = map.get(group);
            if (host == null || host.equals(self)) {
                map.set(group, self, IDLE_SECONDS, TimeUnit.SECONDS);
            }
        }
    }

    /** Forgets every group a node that left hosted: they are placed anew at their next join. */
    void removeNode(String node) {
        map.removeAll(Predicates.equal("this", node));
    }

    /** Groups hosted (or about to be) per node. */
    Map<String, Integer> counts() {
        Map<String, Integer> counts = new HashMap<>();
        for (String host : map.values()) {
            counts.merge(host, 1, Integer::sum);
        }
        return counts;
    }

    /** Makes {@code chosen} the host unless another node was quicker; returns the host. */
    private String take(String group, String dead, String chosen) {
        if (dead == null) {
            String raced = map.putIfAbsent(group, chosen, IDLE_SECONDS, TimeUnit.SECONDS);
            return raced == null ? chosen : raced;
        }
        if (map.replace(group, dead, chosen)) {
            map.setTtl(group, IDLE_SECONDS, TimeUnit.SECONDS);
            return chosen;
        }
        String now = map.get(group);
        return now == null ? take(group, null, chosen) : now;
    }

    /** The least loaded node that takes new groups; this node if every node drains. */
    private String choose(Map<String, NodeLoad> live) {
        Map<String, Integer> placed = counts();
        return live.values().stream()
                .filter(n -> !n.draining())
                .min(Comparator.<NodeLoad>comparingLong(n -> n.weight(placed.getOrDefault(n.node(), 0)))
                        .thenComparing(NodeLoad::node))
                .map(NodeLoad::node)
                .orElse(self);
    }
}
