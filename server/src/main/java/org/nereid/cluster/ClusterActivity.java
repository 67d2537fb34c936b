package org.nereid.cluster;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.nereid.group.GroupActivity;

/**
 * {@code .status} and {@code public-groups.json} on any node: the hosting node's WebSocket
 * endpoint, and whether the group is locked and how many are in it as that node last
 * published (at most a second old); this node's own figures for the groups it hosts.
 */
final class ClusterActivity implements GroupActivity {
    private final GroupActivity local;
    private final Placements placements;
    private final String self;
    private final Supplier<Map<String, NodeLoad>> nodes;
    private final CascadePlacement cascade;

    /** @param cascade where newcomers go once a group is crowded; null without cascading */
    ClusterActivity(GroupActivity local, Placements placements, CascadePlacement cascade, String self,
                    Supplier<Map<String, NodeLoad>> nodes) {
        this.local = local;
        this.placements = placements;
        this.cascade = cascade;
        this.self = self;
        this.nodes = nodes;
    }

    @Override
    public boolean locked(String group) {
        NodeLoad.GroupLoad g = elsewhere(group);
        return g == null ? local.locked(group) : g.locked();
    }

    @Override
    public int clientCount(String group) {
        NodeLoad.GroupLoad g = elsewhere(group);
        return g == null ? local.clientCount(group) : g.clients();
    }

    @Override
    public Optional<String> endpoint(String group) {
        String host = placements.hostOf(group, true);
        if (cascade != null) {
            host = cascade.entryFor(group, host);
        }
        if (host.equals(self)) {
            return Optional.empty(); // as the client named this node: the Host it used
        }
        return Optional.ofNullable(nodes.get().get(host)).map(NodeLoad::endpoint);
    }

    /** The group as another node hosting it published it; null when this node hosts it (or nobody). */
    private NodeLoad.GroupLoad elsewhere(String group) {
        String host = placements.hostOf(group, false);
        if (host == null || host.equals(self)) {
            return null;
        }
        NodeLoad there = nodes.get().get(host);
        return there == null ? null : there.groups().getOrDefault(group, new NodeLoad.GroupLoad(0, false));
    }
}
