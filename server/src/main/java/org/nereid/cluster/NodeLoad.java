package org.nereid.cluster;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.Serializable;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one node publishes to the cluster every second ({@value ClusterNode#NODES_MAP}): where
 * clients reach it, how loaded it is, whether it is draining, and the groups it hosts. The
 * admin API's {@code .cluster} lists these; placement picks the least loaded node from them.
 *
 * @param node     the node's cluster address, its name ({@code 10.0.0.1:5701})
 * @param url      the root URL of its web server ({@code https://host:8443/})
 * @param endpoint its WebSocket endpoint, what a group's {@code .status} tells clients
 * @param bitrate  bit/s forwarded and received, all tracks together
 * @param cpu      the process's share of the machine's CPU, 0–1 (negative if unknown)
 * @param groups   the live groups it hosts, by name
 */
public record NodeLoad(@JsonProperty("node") String node, @JsonProperty("url") String url,
                       @JsonProperty("endpoint") String endpoint, @JsonProperty("clients") int clients,
                       @JsonProperty("streams") int streams, @JsonProperty("bitrate") long bitrate,
                       @JsonProperty("cpu") double cpu, @JsonProperty("draining") boolean draining,
                       @JsonProperty("groups") Map<String, GroupLoad> groups) implements Serializable {
    public NodeLoad {
        groups = new TreeMap<>(groups);
    }

    /** One hosted group: how many are in it and whether it is locked (for .status and public-groups.json). */
    public record GroupLoad(@JsonProperty("clients") int clients, @JsonProperty("locked") boolean locked)
            implements Serializable {
    }

    /** What placement compares: clients and streams first, then hosted groups (a group placed but not yet joined). */
    long weight(int placedGroups) {
        return (long) clients + streams + placedGroups;
    }
}
