package org.nereid.console.health;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The "what's wrong" text an operator pastes into a message or an issue: the console and
 * the server (version, flags, health figures, TURN), the recent errors and warnings of the
 * local server's log, and where the connectivity check is.
 */
public final class Diagnostics {
    /** How many error and warning lines of the log are kept, newest. */
    public static final int PROBLEM_LINES = 30;

    private Diagnostics() {
    }

    /**
     * @param console      the console's version
     * @param server       the connected server's address, or null
     * @param health       its health document, or null
     * @param healthProblem why there is no health document, or null
     * @param connectivity the connectivity check page, or null
     * @param log          the local server's log tail (empty when it is not run by this console)
     */
    public static String text(Instant now, String console, String server, JsonNode health, String healthProblem,
                              String connectivity, List<String> log) {
        StringBuilder b = new StringBuilder();
        b.append("Nereid diagnostics, ").append(now).append('\n');
        b.append("Console: ").append(console).append(", Java ").append(System.getProperty("java.version"))
                .append(", ").append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append('\n');
        b.append("Server: ").append(server == null ? "not connected" : server).append('\n');
        if (health != null) {
            for (HealthFigures.Figure f : HealthFigures.of(health)) {
                b.append(f.label()).append(": ").append(f.value()).append('\n');
            }
        } else {
            b.append("Health: not available").append(healthProblem == null ? "" : ": " + healthProblem).append('\n');
        }
        if (connectivity != null) {
            b.append("Connectivity check: ").append(connectivity)
                    .append(" (open it in the browser of someone who cannot get media through; it says which paths work)\n");
        }
        List<String> problems = problems(log);
        b.append("Recent errors and warnings in the log: ").append(problems.isEmpty() ? "none" : "").append('\n');
        for (String line : problems) {
            b.append("  ").append(line).append('\n');
        }
        return b.toString();
    }

    /** The last {@link #PROBLEM_LINES} lines of the log at level ERROR or WARN (as the server's log writes them). */
    static List<String> problems(List<String> log) {
        List<String> found = log.stream().filter(l -> l.contains(" ERROR ") || l.contains(" WARN ")).toList();
        return found.subList(Math.max(0, found.size() - PROBLEM_LINES), found.size());
    }
}
