package org.nereid.console.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

import org.nereid.console.stats.Participants;
import org.nereid.console.stats.Severity;
import org.nereid.console.stats.StatsRow;

/**
 * The server's health document ({@code .health}, docs/server.md) as labelled lines for
 * people: the Health tab shows them, the diagnostics text lists them.
 */
public final class HealthFigures {
    /** A line: its label, its text, and a style class for the TURN state (or null). */
    public record Figure(String id, String label, String value, String style) {
    }

    private HealthFigures() {
    }

    public static List<Figure> of(JsonNode h) {
        List<Figure> f = new ArrayList<>();
        f.add(new Figure("version", "Version", h.path("server").asText("server") + " " + h.path("version").asText()
                + " on Java " + h.path("java").asText(), null));
        f.add(new Figure("uptime", "Up for", duration(h.path("uptimeSeconds").asLong()) + " (since "
                + h.path("started").asText() + ", process " + h.path("pid").asText() + ")", null));
        JsonNode cpu = h.path("cpu");
        f.add(new Figure("cpu", "CPU", String.format(Locale.ROOT, "%s of %d cores for the server, %s for the machine;"
                        + " load average %.2f", percent(cpu.path("process")), cpu.path("cores").asInt(),
                percent(cpu.path("system")), cpu.path("loadAverage").asDouble()), null));
        JsonNode mem = h.path("memory");
        f.add(new Figure("memory", "Memory", (mem.has("rss") ? mib(mem.path("rss").asLong()) + " resident; " : "")
                + "heap " + mib(mem.path("heapUsed").asLong()) + " used of " + mib(mem.path("heapMax").asLong()), null));
        f.add(new Figure("threads", "Threads", h.path("threads").asText(), null));
        JsonNode use = h.path("use");
        f.add(new Figure("use", "In use", use.path("groups").asInt() + " groups, " + use.path("clients").asInt()
                + " clients, " + use.path("streamsUp").asInt() + " streams up, " + use.path("streamsDown").asInt()
                + " down", null));
        JsonNode iceTcp = h.path("media").path("iceTcp");
        f.add(new Figure("media", "Media", "UDP " + h.path("media").path("udp").asText()
                + (iceTcp.isMissingNode() ? "" : iceTcp.isNumber() ? "; ICE-TCP port " + iceTcp.asInt() : "; ICE-TCP off"),
                null));
        f.add(new Figure("turn", "TURN", turn(h.path("turn")), "turn-" + h.path("turn").path("state").asText()));
        f.add(new Figure("flags", "Flags", flags(h.path("flags")), null));
        return f;
    }

    /**
     * One group's health from the statistics: how many people and streams, and who is
     * suffering (a figure in red, as the Statistics tab colours it).
     */
    public static String group(JsonNode stats, String group) {
        List<StatsRow> rows = new Participants().rows(stats, group);
        if (rows.isEmpty()) {
            return group + ": nobody is in it.";
        }
        List<StatsRow> people = rows.get(0).children();
        long up = 0;
        long down = 0;
        List<String> suffering = new ArrayList<>();
        for (StatsRow p : people) {
            for (StatsRow s : p.children()) {
                if (s.name().startsWith("sends")) {
                    up++;
                } else {
                    down++;
                }
            }
            if (p.worst() == Severity.BAD) {
                suffering.add(p.name());
            }
        }
        return group + ": " + people.size() + (people.size() == 1 ? " person, " : " people, ") + up
                + " streams sent, " + down + " received; " + (suffering.isEmpty() ? "nobody has a bad link."
                : "bad links: " + String.join(", ", suffering) + " (see Statistics).");
    }

    /** "listening: where; URLs …; N allocations", or "off: why". */
    static String turn(JsonNode t) {
        if (t.isMissingNode()) {
            return "unknown (the server does not say)";
        }
        StringBuilder b = new StringBuilder(t.path("state").asText()).append(": ").append(t.path("detail").asText());
        if (t.path("state").asText().equals("listening")) {
            List<String> urls = new ArrayList<>();
            t.path("urls").forEach(u -> urls.add(u.asText()));
            b.append("; clients get ").append(String.join(", ", urls)).append("; ")
                    .append(t.path("allocations").asInt()).append(" allocations");
        }
        return b.append(" (-turn ").append(quoted(t.path("flag").asText())).append(')').toString();
    }

    static String flags(JsonNode flags) {
        List<String> all = new ArrayList<>();
        flags.forEach(a -> all.add(quoted(a.asText())));
        return all.isEmpty() ? "(none)" : String.join(" ", all);
    }

    private static String quoted(String arg) {
        return arg.isEmpty() ? "\"\"" : arg;
    }

    static String duration(long seconds) {
        Duration d = Duration.ofSeconds(seconds);
        if (d.toDays() > 0) {
            return d.toDays() + " d " + d.toHoursPart() + " h";
        }
        if (d.toHours() > 0) {
            return d.toHours() + " h " + d.toMinutesPart() + " min";
        }
        return d.toMinutes() > 0 ? d.toMinutes() + " min " + d.toSecondsPart() + " s" : seconds + " s";
    }

    private static String percent(JsonNode fraction) {
        double v = fraction.asDouble(-1);
        return v < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f %%", v * 100);
    }

    private static String mib(long bytes) {
        return bytes < 0 ? "unlimited" : String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
    }
}
