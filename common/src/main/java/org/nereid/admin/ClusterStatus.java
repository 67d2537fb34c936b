package org.nereid.admin;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The cluster as one node sees it ({@code GET .cluster}, docs/cluster.md): that node's name
 * and every live node with its load and the groups it hosts.
 *
 * @param self  the name (cluster address) of the node that answered
 * @param nodes every live node, by name
 */
public record ClusterStatus(@JsonProperty("self") String self, @JsonProperty("nodes") List<Node> nodes) {
    public ClusterStatus {
        nodes = nodes == null ? List.of() : List.copyOf(nodes);
    }

    /**
     * One node as it last published itself (at most a second old).
     *
     * @param node     its name, its cluster address ({@code 10.0.0.2:5701})
     * @param url      the root URL of its web server
     * @param endpoint its WebSocket endpoint
     * @param bitrate  bit/s received and forwarded, all tracks together
     * @param cpu      the process's share of the machine's CPU, 0–1; negative when unknown
     * @param draining whether it takes no new groups
     * @param groups   the live groups it hosts, by name
     */
    public record Node(@JsonProperty("node") String node, @JsonProperty("url") String url,
                       @JsonProperty("endpoint") String endpoint, @JsonProperty("clients") int clients,
                       @JsonProperty("streams") int streams, @JsonProperty("bitrate") long bitrate,
                       @JsonProperty("cpu") double cpu, @JsonProperty("draining") boolean draining,
                       @JsonProperty("groups") Map<String, Group> groups) {
        public Node {
            groups = groups == null ? Map.of() : new TreeMap<>(groups);
        }

        /** serving, draining (meetings still there) or drained (none left: it may be stopped). */
        @JsonIgnore
        public String state() {
            if (!draining) {
                return "serving";
            }
            return groups.isEmpty() ? "drained" : "draining";
        }

        /** The bit rate as people read it: 18.2 Mb/s, 640 kb/s, 12 b/s. */
        public String bitrateText() {
            if (bitrate >= 1_000_000) {
                return String.format(Locale.ROOT, "%.1f Mb/s", bitrate / 1e6);
            }
            return bitrate >= 1_000 ? String.format(Locale.ROOT, "%.0f kb/s", bitrate / 1e3) : bitrate + " b/s";
        }

        /** The CPU share as a percentage, ? when unknown. */
        public String cpuText() {
            return cpu < 0 ? "?" : Math.round(cpu * 100) + "%";
        }

        /** The hosted groups as {@code NAME(CLIENTS) NAME(CLIENTS)}, - when none. */
        public String groupsText() {
            List<String> list = new ArrayList<>();
            groups.forEach((name, g) -> list.add(name + "(" + g.clients() + ")"));
            return list.isEmpty() ? "-" : String.join(" ", list);
        }
    }

    /** A hosted group: how many are in it, whether it is locked. */
    public record Group(@JsonProperty("clients") int clients, @JsonProperty("locked") boolean locked) {
    }
}
