package org.nereid.media;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.nereid.media.layer.Vp8Summary;
import org.nereid.media.nack.ResendTrace;

/**
 * Reads {@link ResendTrace} after a lossy window: for each packet the receiver asked for, when it
 * was first forwarded, each ask and what became of it; how long after the previous ask it asked
 * again; which packets it was still asking for 140 ms or more after its first ask (a second round
 * of repair at least); and, around each freeze, what happened to the packets lost just before it.
 */
final class ResendTraceReport {
    private static final long LONG_ASKED_NANOS = 140_000_000L;
    /** Stories told in one list at most: a cap's onset leaves hundreds, which would bury a failure's message. */
    private static final int STORIES = 20;

    private final long origin;
    private final Map<Integer, List<ResendTrace.Event>> asks = new LinkedHashMap<>();
    private final Map<Integer, Long> forwarded = new java.util.HashMap<>();
    private final Map<Integer, List<Long>> forwardedBySource = new java.util.HashMap<>();
    private final List<ResendTrace.Event> others = new ArrayList<>();
    private final List<ResendTrace.Event> copies = new ArrayList<>();
    private final List<ResendTrace.Event> paddings = new ArrayList<>();

    ResendTraceReport(long originNanos, List<ResendTrace.Event> events) {
        this.origin = originNanos;
        for (ResendTrace.Event e : events) {
            switch (e.kind()) {
                case ResendTrace.FORWARDED -> {
                    forwarded.putIfAbsent(e.seq(), e.nanos());
                    copies.add(e);
                    forwardedBySource.computeIfAbsent(e.source(), k -> new ArrayList<>()).add(e.nanos());
                }
                case ResendTrace.RESCUE, ResendTrace.RECEIVER_PLI, ResendTrace.ASKED_UPSTREAM -> others.add(e);
                case ResendTrace.PADDED -> paddings.add(e);
                default -> asks.computeIfAbsent(e.seq(), k -> new ArrayList<>()).add(e);
            }
        }
    }

    private String ms(long nanos) {
        return String.format(Locale.ROOT, "%.3f", (nanos - origin) / 1e9);
    }

    /** One packet's story: first copy, then each ask (ms after the first ask) and its outcome. */
    String story(int seq) {
        List<ResendTrace.Event> list = asks.get(seq);
        long first = list.get(0).nanos();
        StringBuilder out = new StringBuilder();
        Long sent = forwarded.get(seq);
        int source = -1;
        for (ResendTrace.Event e : list) {
            source = Math.max(source, e.source());
        }
        out.append(String.format(Locale.ROOT, "  seq %d (publisher's %d): first copy %s, asked from %s s:", seq, source,
                sent == null ? "never forwarded" : ms(sent) + " s", ms(first)));
        for (ResendTrace.Event e : list) {
            out.append(String.format(Locale.ROOT, " +%d %s;", (e.nanos() - first) / 1_000_000, e.kindName()));
        }
        if (source >= 0 && forwardedBySource.containsKey(source)) {
            for (long t : forwardedBySource.get(source)) {
                if (t > first) {
                    out.append(String.format(Locale.ROOT, " publisher's repair forwarded +%d;", (t - first) / 1_000_000));
                }
            }
        }
        for (ResendTrace.Event e : others) {
            if (e.kind() == ResendTrace.ASKED_UPSTREAM && e.source() == source) {
                out.append(String.format(Locale.ROOT, " asked of the publisher %+d;", (e.nanos() - first) / 1_000_000));
            }
        }
        return out.toString();
    }

    /** How long the receiver kept asking for each packet: a summary, and the packets it asked for long. */
    String summary() {
        int packets = asks.size();
        int past = 0;
        int[] byOutcome = new int[10];
        StringBuilder late = new StringBuilder();
        for (Map.Entry<Integer, List<ResendTrace.Event>> entry : asks.entrySet()) {
            List<ResendTrace.Event> list = entry.getValue();
            for (ResendTrace.Event e : list) {
                byOutcome[e.kind()]++;
            }
            long span = list.get(list.size() - 1).nanos() - list.get(0).nanos();
            if (span >= LONG_ASKED_NANOS) {
                past++;
                tell(late, past, entry.getKey());
            }
        }
        // the receiver's re-asks for one packet: how long after the previous (asks within 10 ms are one ask)
        List<Long> gaps = new ArrayList<>();
        Map<Integer, Integer> packetsByAsks = new java.util.TreeMap<>();
        for (List<ResendTrace.Event> list : asks.values()) {
            long previous = list.get(0).nanos();
            int distinct = 1;
            for (ResendTrace.Event e : list) {
                if (e.nanos() - previous >= 10_000_000L) {
                    gaps.add((e.nanos() - previous) / 1_000_000);
                    previous = e.nanos();
                    distinct++;
                }
            }
            packetsByAsks.merge(distinct, 1, Integer::sum);
        }
        java.util.Collections.sort(gaps);
        StringBuilder events = new StringBuilder();
        for (ResendTrace.Event e : others) {
            if (e.kind() != ResendTrace.ASKED_UPSTREAM) {
                events.append(' ').append(e.kindName()).append(" at ").append(ms(e.nanos())).append(" s;");
            }
        }
        List<String> inside = insideFrames();
        untold(late, past);
        return String.format(Locale.ROOT, "resend trace: %d packets asked for (asks resent %d, too soon %d, used up %d, "
                        + "over budget %d, not cached %d, padding %d); packets by asks (10 ms apart): %s; re-asks, ms after "
                        + "the previous: %s; %d asked for 140 ms or more:%n%s events:%s; %d paddings sent, %d of them "
                        + "inside a frame%s",
                packets, byOutcome[ResendTrace.RESENT], byOutcome[ResendTrace.TOO_SOON], byOutcome[ResendTrace.USED_UP],
                byOutcome[ResendTrace.OVER_BUDGET], byOutcome[ResendTrace.NOT_CACHED], byOutcome[ResendTrace.PADDING],
                packetsByAsks, gaps, past, late, events, paddings.size(), inside.size(), inside);
    }

    /**
     * The frames forwarded in [from, to] (nanoTime) as the receiver got them, a line per run of
     * copies of one picture: when, its sequence numbers, VP8 picture id, TL0PICIDX and TID, whether
     * it starts with the frame's first packet, ends with the marker bit, is a keyframe; a copy sent
     * out of order (a repair forwarded from the publisher) is a run of its own, marked late.
     */
    String frames(long fromNanos, long toNanos) {
        StringBuilder out = new StringBuilder();
        ResendTrace.Event first = null;
        ResendTrace.Event last = null;
        int count = 0;
        int newest = -1;
        for (ResendTrace.Event e : copies) {
            if (e.nanos() < fromNanos || e.nanos() > toNanos) {
                continue;
            }
            boolean late = newest >= 0 && ((e.seq() - newest) & 0xFFFF) >= 0x8000;
            if (first != null && (late || last.marker() || Vp8Summary.pictureId(e.frame()) != Vp8Summary.pictureId(first.frame())
                    || e.seq() != ((last.seq() + 1) & 0xFFFF))) {
                out.append(run(first, last, count, false));
                first = null;
            }
            if (late) {
                out.append(run(e, e, 1, true));
                continue;
            }
            if (first == null) {
                first = e;
                count = 0;
            }
            last = e;
            count++;
            newest = e.seq();
        }
        if (first != null) {
            out.append(run(first, last, count, false));
        }
        return out.toString();
    }

    private String run(ResendTrace.Event first, ResendTrace.Event last, int count, boolean late) {
        int f = first.frame();
        return String.format(Locale.ROOT, "  %s s: %d-%d (%d) pid %d tl0 %d tid %d%s%s%s%s (publisher's %d)%n",
                ms(first.nanos()), first.seq(), last.seq(), count, Vp8Summary.pictureId(f), Vp8Summary.tl0PicIdx(f),
                Vp8Summary.temporalId(f), Vp8Summary.startsFrame(f) ? " S" : "", last.marker() ? " M" : "",
                first.keyframe() ? " key" : "", late ? " late" : "", first.source());
    }

    /**
     * The paddings sent between two packets of one frame (the copy numbered after the padding does
     * not start a frame): their times. The receiver cannot assemble a frame across them.
     */
    List<String> insideFrames() {
        Map<Integer, ResendTrace.Event> bySeq = new java.util.HashMap<>();
        for (ResendTrace.Event e : copies) {
            bySeq.putIfAbsent(e.seq(), e);
        }
        List<String> inside = new ArrayList<>();
        for (ResendTrace.Event p : paddings) {
            ResendTrace.Event after = bySeq.get((p.seq() + 1) & 0xFFFF);
            if (after != null && !Vp8Summary.startsFrame(after.frame())) {
                inside.add(ms(p.nanos()) + " s");
            }
        }
        return inside;
    }

    /** The packets first asked for in [from, to] (nanoTime), each with its story. */
    String around(long fromNanos, long toNanos) {
        StringBuilder out = new StringBuilder();
        int n = 0;
        for (Map.Entry<Integer, List<ResendTrace.Event>> entry : asks.entrySet()) {
            long first = entry.getValue().get(0).nanos();
            if (first >= fromNanos && first <= toNanos) {
                tell(out, ++n, entry.getKey());
            }
        }
        untold(out, n);
        return out.toString();
    }

    /** Appends the story of {@code seq}, the {@code n}th of its list, while the list has room. */
    private void tell(StringBuilder out, int n, int seq) {
        if (n <= STORIES) {
            out.append(story(seq)).append('\n');
        }
    }

    private static void untold(StringBuilder out, int n) {
        if (n > STORIES) {
            out.append(String.format(Locale.ROOT, "  (%d more)%n", n - STORIES));
        }
    }
}
