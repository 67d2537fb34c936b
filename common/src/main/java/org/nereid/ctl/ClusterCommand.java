package org.nereid.ctl;

import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.Map;
import org.nereid.admin.AdminException;
import org.nereid.admin.ClusterStatus;
import org.nereid.json.Json;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** cluster: the nodes of a cluster, their load and groups; drains a node (Nereid's extension, docs/cluster.md). */
@Command(name = "cluster", description = "list the nodes of the cluster, their load and groups, or drain one (Nereid only)")
final class ClusterCommand extends CtlCommand {
    @Option(names = {"-drain", "--drain"}, paramLabel = "node",
            description = "make this node (its cluster address, host:port) take no new groups")
    String drain;
    @Option(names = {"-deadline", "--deadline"}, paramLabel = "duration",
            description = "with -drain: end the meetings still on the node after this long (e.g. 30m; default 2h)")
    String deadline;
    @Option(names = {"-json", "--json"}, description = "print the server's answer as JSON")
    boolean json;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = out();
        if (drain != null) {
            long seconds = deadline == null ? 0 : Math.max(1, GoDuration.parse(deadline).toSeconds());
            Instant end = ctl.client().drain(drain, seconds);
            out.println(json ? Json.write(Map.of("node", drain, "deadline", end.toString()))
                    : "node " + drain + " is draining; meetings still there end at " + end);
            return 0;
        }
        ClusterStatus doc = ctl.client().cluster().orElseThrow(() -> new AdminException(404,
                "this server is not part of a cluster (it runs without -cluster)"));
        if (json) {
            out.println(Json.write(doc));
            return 0;
        }
        out.printf("%-22s %-30s %7s %7s %10s %5s %-8s %s%n", "NODE", "URL", "CLIENTS", "STREAMS", "BITRATE", "CPU",
                "STATE", "GROUPS");
        for (ClusterStatus.Node n : doc.nodes()) {
            String name = n.node() + (n.node().equals(doc.self()) ? " *" : "");
            out.printf("%-22s %-30s %7d %7d %10s %5s %-8s %s%n", name, n.url(), n.clients(), n.streams(),
                    n.bitrateText(), n.cpuText(), n.state(), n.groupsText());
        }
        return 0;
    }
}
