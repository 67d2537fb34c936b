package org.nereid.cluster;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.nereid.stats.PrometheusWriter;

/**
 * With {@code -metrics} in a cluster, {@code /metrics} on any node adds every node's load as
 * it last published it, labelled by node name, after this node's own families.
 */
public final class ClusterMetrics {
    private record Family(String name, String help, ToDoubleFunction<NodeLoad> value) {
    }

    private static final List<Family> FAMILIES = List.of(
            new Family("nereid_cluster_node_clients", "Clients on each node of the cluster.", NodeLoad::clients),
            new Family("nereid_cluster_node_streams", "Up and down streams on each node.", NodeLoad::streams),
            new Family("nereid_cluster_node_bitrate_bits_per_second", "Media bitrate through each node.",
                    NodeLoad::bitrate),
            new Family("nereid_cluster_node_cpu_ratio", "Each node's process CPU share of its machine, 0-1.",
                    NodeLoad::cpu),
            new Family("nereid_cluster_node_groups", "Live groups each node hosts.", n -> n.groups().size()),
            new Family("nereid_cluster_node_draining", "1 while a node drains.", n -> n.draining() ? 1 : 0));

    private ClusterMetrics() {
    }

    public static String write(List<NodeLoad> nodes) {
        StringBuilder out = new StringBuilder();
        for (Family f : FAMILIES) {
            out.append("# HELP ").append(f.name()).append(' ').append(f.help()).append('\n');
            out.append("# TYPE ").append(f.name()).append(" gauge\n");
            for (NodeLoad n : nodes) {
                out.append(f.name()).append(PrometheusWriter.labels("node", n.node())).append(' ')
                        .append(PrometheusWriter.number(f.value().applyAsDouble(n))).append('\n');
            }
        }
        return out.toString();
    }
}
