package org.nereid.cluster;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.nereid.cluster.relay.Relays;
import org.nereid.group.GroupHosts;

/**
 * Placement with cascading ({@code -cluster-cascade N}, docs/cluster.md): once the node hosting a
 * group has N or more clients in it, newcomers are sent to the least loaded other node, which
 * takes them in its mirror of the group (a relay from the hosting node, {@link Relays}); below
 * N, or when no other node serves, placement is {@link Placements}'s.
 */
final class CascadePlacement implements GroupHosts {
    private final Placements placements;
    private final int threshold;
    private final Supplier<Map<String, NodeLoad>> nodes;
    private final Supplier<Boolean> draining;
    private final Relays relays;

    CascadePlacement(Placements placements, int threshold, Supplier<Map<String, NodeLoad>> nodes,
                     Supplier<Boolean> draining, Relays relays) {
        this.placements = placements;
        this.threshold = threshold;
        this.nodes = nodes;
        this.draining = draining;
        this.relays = relays;
    }

    /** A join here: taken here, in a mirror, when the group's host elsewhere is crowded. */
    @Override
    public Optional<String> hostedElsewhere(String group) {
        if (relays.mirrors(group)) {
            return Optional.empty();
        }
        Optional<String> there = placements.hostedElsewhere(group);
        if (there.isEmpty() || draining.get()) {
            return there;
        }
        String host = placements.hostOf(group, false);
        if (host != null && crowded(host, group) && relays.mirror(group, host)) {
            return Optional.empty();
        }
        return there;
    }

    @Override
    public boolean mirrors(String group) {
        return relays.mirrors(group);
    }

    /** The node a newcomer to {@code group}, hosted at {@code host}, should connect to. */
    String entryFor(String group, String host) {
        if (!crowded(host, group)) {
            return host;
        }
        return nodes.get().values().stream()
                .filter(n -> !n.draining() && !n.node().equals(host))
                .min(Comparator.<NodeLoad>comparingLong(n -> n.weight(0)).thenComparing(NodeLoad::node))
                .map(NodeLoad::node)
                .orElse(host);
    }

    private boolean crowded(String host, String group) {
        NodeLoad there = nodes.get().get(host);
        NodeLoad.GroupLoad g = there == null ? null : there.groups().get(group);
        return g != null && g.clients() >= threshold;
    }
}
