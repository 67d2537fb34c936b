package org.nereid.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * Draws the scaling curve from the JSON reports of runs with growing
 * subscriber counts: forwarded packets per second (left axis) and the
 * server's CPU in % of one core (right axis) against subscribers, with each
 * run's loss written by its point. Plain SVG, no library.
 */
@Command(name = "plot", description = "Draw forwarded packets/s and server CPU against subscribers, as SVG.")
final class Plot implements Callable<Integer> {
    private static final int W = 720;
    private static final int H = 420;
    private static final int LEFT = 80;
    private static final int RIGHT = 80;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    @Option(names = "--out", required = true, description = "The SVG file to write")
    Path out;

    @Option(names = "--title", defaultValue = "Nereid: 1 publisher, growing subscribers", description = "Title")
    String title;

    @Parameters(description = "JSON reports of nereid-load run (--json)")
    List<Path> reports = new ArrayList<>();

    /**
     * One run: subscribers, forwarded packets per second, server CPU and the part of it in
     * Nereid's forwarding threads ("media-worker"; % of a core, -1 when unknown), loss %.
     */
    record Point(int subscribers, double packetsPerSecond, double cpuPercent, double workerPercent, double lossPercent) {
    }

    @Override
    public Integer call() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<Point> points = new ArrayList<>();
        for (Path p : reports) {
            JsonNode r = json.readTree(p.toFile());
            points.add(new Point(r.path("groups").asInt() * r.path("subscribersPerGroup").asInt(),
                    r.path("forwarded").path("packetsPerSecond").asDouble(),
                    r.path("serverProcess").path("cpuPercentOfOneCore").asDouble(-1),
                    r.path("serverProcess").path("cpuPercentByThreads").path("media-worker").asDouble(-1),
                    r.path("loss").path("percent").asDouble()));
        }
        points.sort(Comparator.comparingInt(Point::subscribers));
        Files.writeString(out, svg(title, points));
        return 0;
    }

    static String svg(String title, List<Point> points) {
        int maxSubs = points.stream().mapToInt(Point::subscribers).max().orElse(1);
        double maxPackets = nice(points.stream().mapToDouble(Point::packetsPerSecond).max().orElse(1));
        double maxCpu = nice(Math.max(1, points.stream().mapToDouble(Point::cpuPercent).max().orElse(1)));
        maxPackets = nice(maxPackets * 1.25);      // room for the legend
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>\n", W, H));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"25\" font-size=\"15\" text-anchor=\"middle\">%s</text>\n",
                W / 2, escape(title)));
        int plotW = W - LEFT - RIGHT;
        int plotH = H - TOP - BOTTOM;
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#444\"/>\n",
                LEFT, TOP, plotW, plotH));
        for (int i = 0; i <= 5; i++) {
            double y = TOP + plotH - plotH * i / 5.0;
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>\n",
                    LEFT, LEFT + plotW, y, y));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#1f5fbf\">%,.0f</text>\n",
                    LEFT - 6, y + 4, maxPackets * i / 5));
            b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" fill=\"#c0392b\">%.0f %%</text>\n",
                    LEFT + plotW + 6, y + 4, maxCpu * i / 5));
        }
        for (Point p : points) {
            double x = LEFT + plotW * p.subscribers() / (double) maxSubs;
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%d</text>\n",
                    x, TOP + plotH + 18, p.subscribers()));
        }
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">subscribers</text>\n",
                LEFT + plotW / 2, H - 15));
        b.append(String.format(Locale.ROOT, "<text x=\"18\" y=\"%d\" fill=\"#1f5fbf\" transform=\"rotate(-90 18 %d)\" "
                + "text-anchor=\"middle\">forwarded packets / s</text>\n", TOP + plotH / 2, TOP + plotH / 2));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" fill=\"#c0392b\" transform=\"rotate(90 %d %d)\" "
                + "text-anchor=\"middle\">server CPU, %% of one core</text>\n", W - 18, TOP + plotH / 2, W - 18, TOP + plotH / 2));
        StringBuilder packets = new StringBuilder();
        StringBuilder cpu = new StringBuilder();
        StringBuilder workers = new StringBuilder();
        for (Point p : points) {
            double x = LEFT + plotW * p.subscribers() / (double) maxSubs;
            double yp = TOP + plotH - plotH * p.packetsPerSecond() / maxPackets;
            packets.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, yp));
            b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" fill=\"#1f5fbf\"/>\n", x, yp));
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">loss %.2f %%</text>\n",
                    x - 6, yp - 8, p.lossPercent()));
            if (p.cpuPercent() >= 0) {
                double yc = TOP + plotH - plotH * p.cpuPercent() / maxCpu;
                cpu.append(String.format(Locale.ROOT, "%.1f,%.1f ", x, yc));
                b.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"8\" height=\"8\" fill=\"#c0392b\"/>\n",
                        x - 4, yc - 4));
            }
            if (p.workerPercent() >= 0) {
                workers.append(String.format(Locale.ROOT, "%.1f,%.1f ", x,
                        TOP + plotH - plotH * p.workerPercent() / maxCpu));
            }
        }
        b.append("<polyline fill=\"none\" stroke=\"#1f5fbf\" stroke-width=\"2\" points=\"").append(packets.toString().trim())
                .append("\"/>\n");
        if (cpu.length() > 0) {
            b.append("<polyline fill=\"none\" stroke=\"#c0392b\" stroke-width=\"2\" stroke-dasharray=\"6 4\" points=\"")
                    .append(cpu.toString().trim()).append("\"/>\n");
        }
        if (workers.length() > 0) {
            b.append("<polyline fill=\"none\" stroke=\"#c0392b\" stroke-width=\"1.5\" stroke-dasharray=\"2 3\" points=\"")
                    .append(workers.toString().trim()).append("\"/>\n");
        }
        legend(b, 0, "#1f5fbf", "", "forwarded packets / s (loss % by each point)");
        legend(b, 1, "#c0392b", "6 4", "server CPU, whole process");
        if (workers.length() > 0) {
            legend(b, 2, "#c0392b", "2 3", "of which forwarding threads (media-worker)");
        }
        b.append("</svg>\n");
        return b.toString();
    }

    private static void legend(StringBuilder b, int row, String colour, String dashes, String text) {
        int y = TOP + 14 + row * 16;
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"2\"%s/>\n",
                LEFT + 10, LEFT + 40, y, y, colour, dashes.isEmpty() ? "" : " stroke-dasharray=\"" + dashes + "\""));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">%s</text>\n", LEFT + 46, y + 4, escape(text)));
    }

    /** The next round number (1, 2 or 5 times a power of ten) at or above v. */
    static double nice(double v) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(v, 1e-9))));
        for (double m : new double[] {1, 2, 5, 10}) {
            if (m * p >= v) {
                return m * p;
            }
        }
        return 10 * p;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
