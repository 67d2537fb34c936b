package org.nereid.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A bad network for the media between the server and the browsers of a test, made
 * with nftables in the test's own network namespace (integration tests run in a
 * loopback-only one; netem is not in this kernel): random loss and per-flow policers
 * on the UDP packets to and from the server's media ports. When server and browser
 * share one namespace every datagram crosses the input hook once, on its receiving
 * side: a source port in the range is server → browser ("down"), a destination port
 * in it is browser → server ("up"). Counters say what was really dropped. (Dropping
 * at the input hook, not the output hook, matters: a drop at output fails the
 * sender's send call with EPERM, which no real network does.)
 *
 * <p>Each change replaces the whole table, so a test can tighten, loosen and lift the
 * impairment as it goes; {@link #close()} removes it.
 */
public final class NetworkImpairment implements AutoCloseable {
    private static final String TABLE = "nereid_impair";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String ports;
    private int downLossPercent;
    private int upLossPercent;
    private int downKbytesPerSecond;
    private boolean udpBlocked;

    private NetworkImpairment(int minPort, int maxPort) {
        this.ports = minPort == maxPort ? Integer.toString(minPort) : minPort + "-" + maxPort;
    }

    /** No impairment yet, but counters for the media on these server ports. */
    public static NetworkImpairment onServerPorts(int minPort, int maxPort) throws IOException {
        NetworkImpairment n = new NetworkImpairment(minPort, maxPort);
        n.apply();
        return n;
    }

    /** Drops this share of the packets in each direction, at random. */
    public NetworkImpairment loss(int downPercent, int upPercent) throws IOException {
        downLossPercent = downPercent;
        upLossPercent = upPercent;
        return apply();
    }

    /**
     * Polices each server → browser flow (keyed on the browser's address and port) to
     * this rate, dropping the excess as a congested access link would; 0 lifts it.
     */
    public NetworkImpairment policeDown(int kbytesPerSecond) throws IOException {
        downKbytesPerSecond = kbytesPerSecond;
        return apply();
    }

    /** Drops every UDP packet to or from the media ports (a network that blocks UDP). */
    public NetworkImpairment blockUdp(boolean blocked) throws IOException {
        udpBlocked = blocked;
        return apply();
    }

    /** Packets counted so far by direction: down-total, up-total, down-loss, up-loss, down-policed, blocked. */
    public Map<String, Long> packets() throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        JsonNode listing = JSON.readTree(nft(List.of("-j", "list", "table", "inet", TABLE), null));
        for (JsonNode item : listing.path("nftables")) {
            JsonNode rule = item.path("rule");
            if (rule.isMissingNode() || !rule.has("comment")) {
                continue;
            }
            for (JsonNode expr : rule.path("expr")) {
                if (expr.has("counter")) {
                    counts.put(rule.get("comment").asText(), expr.get("counter").path("packets").asLong());
                }
            }
        }
        return counts;
    }

    private NetworkImpairment apply() throws IOException {
        List<String> rules = new ArrayList<>();
        rules.add("udp sport " + ports + " counter comment \"down-total\"");
        rules.add("udp dport " + ports + " counter comment \"up-total\"");
        if (udpBlocked) {
            rules.add("udp sport " + ports + " counter drop comment \"blocked\"");
            rules.add("udp dport " + ports + " counter drop comment \"blocked-up\"");
        }
        if (downLossPercent > 0) {
            rules.add("udp sport " + ports + " numgen random mod 100 < " + downLossPercent
                    + " counter drop comment \"down-loss\"");
        }
        if (upLossPercent > 0) {
            rules.add("udp dport " + ports + " numgen random mod 100 < " + upLossPercent
                    + " counter drop comment \"up-loss\"");
        }
        if (downKbytesPerSecond > 0) {
            rules.add("udp sport " + ports + " meter down_cap { ip daddr . udp dport limit rate over "
                    + downKbytesPerSecond + " kbytes/second burst " + Math.max(1, downKbytesPerSecond / 2)
                    + " kbytes } counter drop comment \"down-policed\"");
        }
        StringBuilder script = new StringBuilder();
        script.append("table inet ").append(TABLE).append(" {}\n");
        script.append("delete table inet ").append(TABLE).append('\n');
        script.append("table inet ").append(TABLE).append(" {\n  chain out {\n")
                .append("    type filter hook input priority 0; policy accept;\n");
        for (String rule : rules) {
            script.append("    ").append(rule).append('\n');
        }
        script.append("  }\n}\n");
        nft(List.of("-f", "-"), script.toString());
        return this;
    }

    @Override
    public void close() throws IOException {
        nft(List.of("delete", "table", "inet", TABLE), null);
    }

    /** Runs nft with these arguments (and {@code stdin}, or none); its output, or an IOException saying why it failed. */
    public static String nft(List<String> args, String stdin) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("nft");
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (stdin != null) {
            try (OutputStream in = p.getOutputStream()) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } else {
            p.getOutputStream().close();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException("nft " + String.join(" ", args) + " failed: " + out.strip());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running nft", e);
        }
        return out;
    }
}
