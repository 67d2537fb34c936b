package org.nereid.cluster;

import java.time.Instant;
import java.util.List;

/** What the admin API's {@code .cluster} shows and does (docs/cluster.md); no Hazelcast type here. */
public interface ClusterView {
    /** This node's name, its cluster address. */
    String self();

    /** Every live node with its load and hosted groups, by name. */
    List<NodeLoad> nodes();

    /**
     * Makes {@code node} drain: it takes no new groups, and ends those still there at the deadline.
     *
     * @return false when no live node has that name
     */
    boolean drain(String node, Instant deadline);
}
