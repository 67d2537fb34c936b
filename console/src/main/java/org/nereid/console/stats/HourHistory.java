package org.nereid.console.stats;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * One chart line over the last hour in bounded memory: the last {@link #FINE_SECONDS}
 * seconds as sampled, older samples averaged into {@link #BUCKET_SECONDS}-second points,
 * nothing older than {@link #HOUR_SECONDS}. At one sample a second that is at most
 * 120 + 360 + 1 points, whatever the meeting's length.
 */
public final class HourHistory {
    public static final int HOUR_SECONDS = 3600;
    public static final int FINE_SECONDS = 120;
    public static final int BUCKET_SECONDS = 10;

    /** A point: {@code t} in seconds on the caller's clock, {@code y} the value. */
    public record Point(double t, double y) {
    }

    private final Deque<Point> fine = new ArrayDeque<>();
    private final Deque<Point> coarse = new ArrayDeque<>();
    private long bucket = Long.MIN_VALUE;
    private double bucketTimes;
    private double bucketSum;
    private int bucketCount;

    /** Adds a sample; {@code t} never goes back. */
    public void add(double t, double y) {
        fine.addLast(new Point(t, y));
        while (fine.peekFirst().t() <= t - FINE_SECONDS) {
            fold(fine.removeFirst());
        }
        while (!coarse.isEmpty() && coarse.peekFirst().t() < t - HOUR_SECONDS) {
            coarse.removeFirst();
        }
    }

    private void fold(Point p) {
        long b = (long) Math.floor(p.t() / BUCKET_SECONDS);
        if (b != bucket && bucketCount > 0) {
            coarse.addLast(pending());
            bucketTimes = 0;
            bucketSum = 0;
            bucketCount = 0;
        }
        bucket = b;
        bucketTimes += p.t();
        bucketSum += p.y();
        bucketCount++;
    }

    /** The bucket being filled as one point: the mean of its samples, at their mean time (so in order). */
    private Point pending() {
        return new Point(bucketTimes / bucketCount, bucketSum / bucketCount);
    }

    /** Every point, oldest first: the averages, the bucket being filled, then the recent samples. */
    public List<Point> points() {
        List<Point> all = new ArrayList<>(coarse.size() + fine.size() + 1);
        all.addAll(coarse);
        if (bucketCount > 0) {
            all.add(pending());
        }
        all.addAll(fine);
        return all;
    }

    public void clear() {
        fine.clear();
        coarse.clear();
        bucket = Long.MIN_VALUE;
        bucketTimes = 0;
        bucketSum = 0;
        bucketCount = 0;
    }
}
