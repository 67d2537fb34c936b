package org.nereid.media;

import com.fasterxml.jackson.databind.JsonNode;
import com.microsoft.playwright.Page;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.nereid.media.nack.ResendTrace;
import org.nereid.media.track.DownTrack;
import org.nereid.media.track.UpTrack;

/**
 * A receiver watched over a window for the browser ITs under impairment: its stats (and its
 * publisher's) sampled each second, and a {@link ResendTrace} on its video down track, so that each
 * freeze can be told with what the server forwarded and resent around it: a failure that names its
 * cause rather than a number.
 */
final class FreezeWatch {
    /** The receiver's and the publisher's stats at one moment (nanoTime); the publisher's may be null. */
    record Sample(long nanos, JsonNode receiver, JsonNode publisher) {
        double frozen() {
            return receiver.path("totalFreezesDuration").asDouble();
        }
    }

    private final SfuHarness harness;
    private final List<Sample> samples = new ArrayList<>();
    private final ResendTrace trace = new ResendTrace();

    /** Watches bob's {@code bob-cam}, forwarded from alice's {@code cam}, as the browser ITs name them. */
    FreezeWatch(SfuHarness harness) {
        this.harness = harness;
    }

    /**
     * Attaches the trace to the receiver's video down track and to the publisher's video layers it
     * is forwarded from (for the asks made of the publisher); {@code false} detaches it.
     */
    void trace(boolean on) throws MediaException {
        ResendTrace attached = on ? trace : null;
        for (DownTrack track : ((SfuSession) harness.session("bob")).down("bob-cam").tracks()) {
            if (track.source().isVideo()) {
                track.traceResends(attached);
            }
        }
        UpConnection up = (UpConnection) ((SfuSession) harness.session("alice")).upStream("cam");
        for (UpTrack layer : up.layersFor("video")) {
            layer.traceAsks(attached);
        }
    }

    /** Notes the receiver's stats (on its page {@code bob}) and, if {@code alice} is not null, the publisher's. */
    Sample sample(Page bob, Page alice) throws Exception {
        Sample s = new Sample(System.nanoTime(), PageStats.stats(bob, "bob-cam"),
                alice == null ? null : PageStats.stats(alice, "cam"));
        samples.add(s);
        return s;
    }

    /**
     * What happened to the receiver's lost packets: how long it asked for each, and for each freeze
     * (seen as the total freeze time grows, once the freeze has ended) the packets first asked for
     * in the second before it began, the frames forwarded from just before it began to the sample
     * that saw it end, and, when there was a freeze, each interval between samples ({@code rid}: the
     * publisher's layer to show). Times are in seconds from the first sample.
     */
    String report(String rid) {
        ResendTraceReport report = report();
        StringBuilder out = new StringBuilder(report.summary()).append('\n');
        boolean froze = false;
        for (int i = 1; i < samples.size(); i++) {
            double frozen = samples.get(i).frozen() - samples.get(i - 1).frozen();
            if (frozen > 0) {
                froze = true;
                // the freeze ended between the two samples and began its length before
                long latestStart = samples.get(i).nanos() - (long) (frozen * 1e9);
                long earliestStart = samples.get(i - 1).nanos() - (long) (frozen * 1e9);
                out.append(String.format(Locale.ROOT, "freeze of %.2f s, begun between %.2f and %.2f s; packets first "
                                + "asked for in the second before:%n%s frames forwarded from just before it to its end:%n%s",
                        frozen, seconds(earliestStart), seconds(latestStart),
                        report.around(earliestStart - 1_000_000_000L, latestStart + 200_000_000L),
                        report.frames(earliestStart - 300_000_000L, samples.get(i).nanos())));
            }
        }
        if (froze) {
            out.append(seconds(rid));
        }
        return out.toString();
    }

    /** The trace read from the first sample on. */
    ResendTraceReport report() {
        return new ResendTraceReport(samples.get(0).nanos(), trace.events());
    }

    private double seconds(long nanos) {
        return (nanos - samples.get(0).nanos()) / 1e9;
    }

    /** Each second of the window as the receiver's and the publisher's stats show it: where frames stopped. */
    private String seconds(String rid) {
        StringBuilder out = new StringBuilder("second by second (receiver: frames received/decoded/dropped, keyframes, "
                + "packets received/lost/by RTX, NACKs, PLIs, frozen s; publisher " + rid + ": frames encoded, "
                + "keyframes, PLIs, height, limitation):\n");
        for (int i = 1; i < samples.size(); i++) {
            JsonNode r0 = samples.get(i - 1).receiver();
            JsonNode r1 = samples.get(i).receiver();
            JsonNode p0 = samples.get(i - 1).publisher();
            JsonNode p1 = samples.get(i).publisher();
            out.append(String.format(Locale.ROOT, "  %5.2f s: %d/%d/%d %d, %d/%d/%d, %d %d, %.2f; %s %d %d %d %d %s%n",
                    seconds(samples.get(i).nanos()), delta(r0, r1, "framesReceived"),
                    delta(r0, r1, "framesDecoded"), delta(r0, r1, "framesDropped"), delta(r0, r1, "keyFramesDecoded"),
                    delta(r0, r1, "packetsReceived"), delta(r0, r1, "packetsLost"),
                    delta(r0, r1, "retransmittedReceived"), delta(r0, r1, "nackCount"), delta(r0, r1, "pliCount"),
                    r1.path("totalFreezesDuration").asDouble() - r0.path("totalFreezesDuration").asDouble(), rid,
                    delta(p0, p1, "framesEncoded_" + rid), delta(p0, p1, "keyFramesEncoded_" + rid),
                    delta(p0, p1, "pliCount_" + rid), p1 == null ? 0 : p1.path("frameHeight_" + rid).asInt(),
                    p1 == null ? "" : p1.path("limitation_" + rid).asText()));
        }
        return out.toString();
    }

    /** The machine's load ({@code /proc/loadavg}), to say beside each figure. */
    static String load() throws Exception {
        return Files.readString(Path.of("/proc/loadavg")).strip();
    }

    /** {@code field}'s growth from one stats summary to the next; 0 when either is missing. */
    static long delta(JsonNode from, JsonNode to, String field) {
        return from == null || to == null ? 0 : to.path(field).asLong() - from.path(field).asLong();
    }
}
