package org.nereid.console.stats;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Notices when a participant's link collapses: loss passes {@link #COLLAPSED_LOSS} on a track
 * that was fine (under 5 %) a few seconds before (loss is averaged, so it climbs over some
 * samples), or, between two samples, a receiver is dropped to the lowest simulcast layer, or
 * the server's estimate of what a receiver can take for a video track falls below
 * {@link #ESTIMATE_FALL} of what it was (an audio track's estimate says little: it is small
 * anyway). Rate-limited so that a bad meeting does not bury the operator: one alert
 * per person per {@link #PER_PERSON_MILLIS}, and {@link #PER_MINUTE} in all per minute.
 */
public final class LinkWatch {
    public static final double COLLAPSED_LOSS = 0.10;
    public static final double ESTIMATE_FALL = 0.4;
    /** Below this an estimate is too small to fall much further: not worth an alert. */
    static final long ESTIMATE_FLOOR = 300_000;
    public static final long PER_PERSON_MILLIS = 60_000;
    public static final int PER_MINUTE = 3;

    /**
     * One track of a person as sampled.
     *
     * @param key       the same track from one sample to the next
     * @param direction "up" (what they send) or "down" (what they receive)
     * @param layer     the simulcast layer (rid) they get, "" if none
     * @param published the layers the publisher of a down track sends
     * @param estimate  the server's estimate of a receiver's rate, bit/s (0 unknown)
     */
    public record Link(String key, String person, String direction, String stream, String kind, double loss,
                       String layer, List<String> published, long estimate) {
    }

    /** An alert for the operator. */
    public record Alert(String person, String text) {
    }

    /** How recently a track must have been fine for high loss to count as a collapse (loss is averaged). */
    static final long RECENTLY_MILLIS = 10_000;
    private Map<String, Link> previous = new HashMap<>();
    /** When each track last had loss below {@link Thresholds#LOSS_BAD}, and whether its collapse was told. */
    private final Map<String, Long> fineAt = new HashMap<>();
    private final java.util.Set<String> told = new java.util.HashSet<>();
    private final Map<String, Long> lastPerPerson = new HashMap<>();
    private final Deque<Long> recent = new ArrayDeque<>();

    /** Compares a sample with the previous one and returns the alerts to show now. */
    public List<Alert> check(List<Link> links, long nowMillis) {
        Map<String, Link> current = new HashMap<>();
        List<Alert> alerts = new ArrayList<>();
        for (Link now : links) {
            current.put(now.key(), now);
            Link before = previous.get(now.key());
            String why = lossCollapse(now, nowMillis);
            if (why == null && before != null) {
                why = collapse(before, now);
            }
            if (why != null && allowed(now.person(), nowMillis)) {
                alerts.add(new Alert(now.person(), why));
            }
        }
        previous = current;
        fineAt.keySet().retainAll(current.keySet());
        told.retainAll(current.keySet());
        return alerts;
    }

    private static String what(Link now) {
        return now.direction().equals("up") ? "sending " + now.kind() : "receiving " + now.kind() + " of "
                + now.stream();
    }

    /** Loss past {@link #COLLAPSED_LOSS} on a track that was fine in the last {@link #RECENTLY_MILLIS}, told once. */
    private String lossCollapse(Link now, long nowMillis) {
        if (now.loss() < Thresholds.LOSS_BAD) {
            fineAt.put(now.key(), nowMillis);
            told.remove(now.key());
            return null;
        }
        Long fine = fineAt.get(now.key());
        if (now.loss() < COLLAPSED_LOSS || fine == null || nowMillis - fine > RECENTLY_MILLIS
                || !told.add(now.key())) {
            return null;
        }
        return String.format(Locale.ROOT, "%s's link collapsed: %.0f %% of packets lost %s.", now.person(),
                now.loss() * 100, what(now));
    }

    private static String collapse(Link before, Link now) {
        String what = what(now);
        if (now.direction().equals("down") && now.published().size() > 1 && !now.layer().isEmpty()
                && !now.layer().equals(before.layer()) && Thresholds.layer(now.layer(), now.published()) != Severity.GOOD
                && isLowest(now.layer(), now.published())) {
            return now.person() + " was dropped to the lowest layer (" + now.layer() + ") " + what + ".";
        }
        if (now.kind().equals("video") && before.estimate() >= ESTIMATE_FLOOR && now.estimate() > 0
                && now.estimate() < before.estimate() * ESTIMATE_FALL) {
            return String.format(Locale.ROOT, "%s's rate estimate fell from %d to %d kbit/s %s.", now.person(),
                    before.estimate() / 1000, now.estimate() / 1000, what);
        }
        return null;
    }

    private static boolean isLowest(String layer, List<String> published) {
        return published.stream().allMatch(p -> Thresholds.rank(p) >= Thresholds.rank(layer));
    }

    private boolean allowed(String person, long nowMillis) {
        while (!recent.isEmpty() && recent.peekFirst() <= nowMillis - 60_000) {
            recent.removeFirst();
        }
        Long last = lastPerPerson.get(person);
        if (recent.size() >= PER_MINUTE || (last != null && nowMillis - last < PER_PERSON_MILLIS)) {
            return false;
        }
        lastPerPerson.put(person, nowMillis);
        recent.addLast(nowMillis);
        return true;
    }
}
