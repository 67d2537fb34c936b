package org.nereid.media.nack;

/**
 * A byte budget refilled at a rate, holding at most a quarter of a second of it
 * (but always room for eight full packets: a policer drops packets in bursts, and
 * a receiver asks for a burst within a few round trips; with room for two,
 * RateBrowserIT's policed receiver froze 4.3 s of 20 waiting for the rest). One
 * thread takes from it; any thread may change the rate.
 *
 * <p>It may also be credited bytes the link was spared elsewhere ({@link #credit}), within the
 * same cap. Of the tokens, the credited ones are kept apart for the takers that may use them
 * ({@code useCredit}, spent first by those), so that a credit given for some packets is not
 * spent on others; the credit fades as the bucket refills (after a burst's worth of refill it
 * is gone), so a credit nobody used does not shrink the others' budget for long.
 */
final class TokenBucket {
    static final long MIN_BURST = 8 * 1500;
    private volatile long bytesPerSecond;
    private double tokens;
    /** Of {@code tokens}, those credited and not yet taken. */
    private double credited;
    private long lastNanos;
    private boolean started;
    /** Takes that spent credited tokens (one thread writes; any may read). */
    private volatile long creditedTakes;

    TokenBucket(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    void setRate(long value) {
        bytesPerSecond = Math.max(0, value);
    }

    long rate() {
        return bytesPerSecond;
    }

    /** The most the bucket holds: its burst. */
    long capacity() {
        return Math.max(MIN_BURST, bytesPerSecond / 4);
    }

    private void refill(long nowNanos) {
        long capacity = capacity();
        if (!started) {
            tokens = capacity;
            started = true;
        } else if (nowNanos > lastNanos) {
            double refilled = bytesPerSecond * ((nowNanos - lastNanos) / 1e9);
            tokens = Math.min(capacity, tokens + refilled);
            // a credit fades as the bucket refills: after a burst's worth, its tokens are anyone's
            credited = Math.max(0, credited - refilled);
        }
        tokens = Math.min(tokens, capacity);
        credited = Math.min(credited, tokens);
        lastNanos = Math.max(lastNanos, nowNanos);
    }

    /**
     * Takes {@code bytes} if the budget holds them, counting the credited tokens only when
     * {@code useCredit} (then spending them first); false (and nothing taken) otherwise.
     */
    boolean take(int bytes, boolean useCredit, long nowNanos) {
        refill(nowNanos);
        if ((useCredit ? tokens : tokens - credited) < bytes) {
            return false;
        }
        tokens -= bytes;
        if (useCredit && credited > 0) {
            credited = Math.max(0, credited - bytes);
            creditedTakes++;
        }
        return true;
    }

    /** How many {@link #take}s spent credited tokens. */
    long creditedTakes() {
        return creditedTakes;
    }

    /** Adds {@code bytes} of credit, as far as the bucket has room below its burst. */
    void credit(long bytes, long nowNanos) {
        refill(nowNanos);
        double added = Math.min(Math.max(0, bytes), capacity() - tokens);
        tokens += added;
        credited += added;
    }
}
