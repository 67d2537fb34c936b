package org.nereid.console.stats;

import java.util.List;

/**
 * When a figure of a track is bad (red) or worth a look (amber). The same limits are in
 * the Statistics tab's legend and in docs/console.md; they follow what people notice in
 * a call: a few per cent of loss makes video blocky, jitter and round trips of some
 * hundred milliseconds make conversation awkward, fewer than 15 frames a second look
 * jerky.
 */
public final class Thresholds {
    public static final double LOSS_WARN = 0.02;
    public static final double LOSS_BAD = 0.05;
    public static final double JITTER_WARN_MS = 30;
    public static final double JITTER_BAD_MS = 50;
    public static final double RTT_WARN_MS = 200;
    public static final double RTT_BAD_MS = 400;
    public static final double FPS_WARN = 15;
    public static final double FPS_BAD = 5;

    private Thresholds() {
    }

    /** {@code loss} as a fraction, 0–1. */
    public static Severity loss(double loss) {
        return above(loss, LOSS_WARN, LOSS_BAD);
    }

    public static Severity jitter(double ms) {
        return above(ms, JITTER_WARN_MS, JITTER_BAD_MS);
    }

    public static Severity rtt(double ms) {
        return above(ms, RTT_WARN_MS, RTT_BAD_MS);
    }

    /** Frames per second of a video track that carries some; 0 (stopped or unknown) is not judged. */
    public static Severity frameRate(double fps) {
        if (fps <= 0) {
            return Severity.GOOD;
        }
        return fps < FPS_BAD ? Severity.BAD : fps < FPS_WARN ? Severity.WARN : Severity.GOOD;
    }

    /** Keyframe requests since the last sample: each one is a picture the receiver could not show. */
    public static Severity keyframeRequests(long sinceLastSample) {
        return sinceLastSample > 0 ? Severity.WARN : Severity.GOOD;
    }

    /**
     * The simulcast layer a receiver gets: amber when it is not the best the publisher sends
     * (by Galène's names h, m, l; an empty layer is not simulcast).
     */
    public static Severity layer(String layer, List<String> published) {
        if (layer == null || layer.isEmpty() || published.isEmpty()) {
            return Severity.GOOD;
        }
        return rank(layer) < published.stream().mapToInt(Thresholds::rank).max().orElse(0)
                ? Severity.WARN : Severity.GOOD;
    }

    /** Galène's layer names from the best down: h, m, then l (or any other name). */
    static int rank(String rid) {
        return switch (rid) {
            case "h" -> 2;
            case "m" -> 1;
            default -> 0;
        };
    }

    private static Severity above(double value, double warn, double bad) {
        return value > bad ? Severity.BAD : value > warn ? Severity.WARN : Severity.GOOD;
    }

    /** The legend under the table, in words. */
    public static String legend() {
        return String.format(java.util.Locale.ROOT, "Red: loss > %.0f %%, jitter > %.0f ms, round trip > %.0f ms,"
                        + " video < %.0f fps. Amber: loss > %.0f %%, jitter > %.0f ms, round trip > %.0f ms,"
                        + " video < %.0f fps, a keyframe request since the last second (a freeze), a receiver on a"
                        + " lower simulcast layer than the best published.",
                LOSS_BAD * 100, JITTER_BAD_MS, RTT_BAD_MS, FPS_BAD, LOSS_WARN * 100, JITTER_WARN_MS, RTT_WARN_MS,
                FPS_WARN);
    }
}
