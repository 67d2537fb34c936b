package org.nereid.group;

import java.util.Optional;

/**
 * Which node hosts a live group when several nodes serve as one (docs/cluster.md). Alone,
 * every group is hosted here ({@link #HERE}).
 */
public interface GroupHosts {
    GroupHosts HERE = group -> Optional.empty();

    /**
     * Asked when a client joins {@code group} on this node: empty when this node hosts it
     * (taking it when no node does), else the URL of the group's page on the node that hosts
     * it, where the client is sent.
     */
    Optional<String> hostedElsewhere(String group);

    /**
     * Whether this node holds {@code group} as a mirror of a group another node hosts (a
     * cascade, docs/cluster.md): its members receive what the host relays, and what they
     * publish is relayed to the host; the host orders the group's events.
     */
    default boolean mirrors(String group) {
        return false;
    }
}
