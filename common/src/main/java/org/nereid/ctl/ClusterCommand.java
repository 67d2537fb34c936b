package org.nereid.ctl;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
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
            JsonNode answer = ctl.client().drain(drain, seconds);
            out.println(json ? answer.toString() : "node " + drain + " is draining; meetings still there end at "
                    + answer.path("deadline").asText());
            return 0;
        }
        JsonNode doc = ctl.client().cluster();
        if (json) {
            out.println(doc.toString());
            return 0;
        }
        String self = doc.path("self").asText();
        out.printf("%-22s %-30s %7s %7s %10s %5s %-8s %s%n", "NODE", "URL", "CLIENTS", "STREAMS", "BITRATE", "CPU",
                "STATE", "GROUPS");
        for (JsonNode n : doc.path("nodes")) {
            String name = n.path("node").asText() + (n.path("node").asText().equals(self) ? " *" : "");
            double cpu = n.path("cpu").asDouble(-1);
            out.printf("%-22s %-30s %7d %7d %10s %5s %-8s %s%n", name, n.path("url").asText(),
                    n.path("clients").asInt(), n.path("streams").asInt(), bitrate(n.path("bitrate").asLong()),
                    cpu < 0 ? "?" : Math.round(cpu * 100) + "%", state(n), groups(n.path("groups")));
        }
        return 0;
    }

    private static String state(JsonNode n) {
        if (!n.path("draining").asBoolean()) {
            return "serving";
        }
        return n.path("groups").isEmpty() ? "drained" : "draining";
    }

    private static String groups(JsonNode groups) {
        List<String> list = new ArrayList<>();
        groups.fields().forEachRemaining(e -> list.add(e.getKey() + "(" + e.getValue().path("clients").asInt() + ")"));
        return list.isEmpty() ? "-" : String.join(" ", list);
    }

    static String bitrate(long bitsPerSecond) {
        if (bitsPerSecond >= 1_000_000) {
            return String.format("%.1f Mb/s", bitsPerSecond / 1e6);
        }
        return bitsPerSecond >= 1_000 ? String.format("%.0f kb/s", bitsPerSecond / 1e3) : bitsPerSecond + " b/s";
    }
}
