package org.nereid.load;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.nereid.load.rtc.Subscriber;

/**
 * Subscribers leaving and joining continuously ({@code --churn R}): R times a second the
 * subscriber that has been in longest leaves, and a new one joins its group in its place,
 * so the count stays what {@code --subscribers} asked. One that leaves is accountable for
 * what was sent up to its leaving ({@link Subscriber#leave}) and keeps its counts for the
 * report; its connections close {@code drainMillis} later, when what was on its way has
 * arrived. A join that fails is counted with its reason and does not end the run.
 */
final class Churn<S> implements AutoCloseable {
    /** Joins one new subscriber to group {@code group} (blocking); throws with a sentence when it cannot. */
    interface Joiner<S> {
        S join(int group, String name) throws LoadException, InterruptedException;
    }

    /** A subscriber in the run and its group. */
    private record Member<S>(S subscriber, int group) {
    }

    private final Joiner<S> joiner;
    private final Consumer<S> leave;
    private final Consumer<S> close;
    private final Executor joins;
    private final ScheduledExecutorService timer;
    private final long periodNanos;
    private final long drainMillis;
    private final Deque<Member<S>> members = new ArrayDeque<>();    // oldest first; guarded by this
    private final List<String> failures = new ArrayList<>();     // guarded by this
    private final int[] nextIndex;                               // per group; guarded by this
    private int left;
    private int joined;
    private ScheduledFuture<?> task;

    /**
     * @param perSecond  subscribers replaced per second
     * @param leave      makes one leave ({@link Subscriber#leave}); {@code close} ends it {@code drainMillis} later
     * @param firstIndex per group, the number the next new subscriber's name takes (sub-G.N)
     */
    Churn(double perSecond, Joiner<S> joiner, Consumer<S> leave, Consumer<S> close, Executor joins,
          ScheduledExecutorService timer, long drainMillis, int[] firstIndex) {
        this.joiner = joiner;
        this.leave = leave;
        this.close = close;
        this.joins = joins;
        this.timer = timer;
        this.periodNanos = (long) (1e9 / perSecond);
        this.drainMillis = drainMillis;
        this.nextIndex = firstIndex.clone();
    }

    /** A subscriber that is in the run now, in the order they joined. */
    synchronized void add(S s, int group) {
        members.addLast(new Member<>(s, group));
    }

    synchronized void start() {
        task = timer.scheduleAtFixedRate(this::step, periodNanos, periodNanos, TimeUnit.NANOSECONDS);
    }

    /** One replacement: the oldest leaves now, a new one starts joining its group. */
    void step() {
        Member<S> oldest;
        String name;
        synchronized (this) {
            oldest = members.pollFirst();
            if (oldest == null) {
                return;
            }
            left++;
            name = "sub-" + (oldest.group() + 1) + "." + nextIndex[oldest.group()]++;
        }
        leave.accept(oldest.subscriber());
        timer.schedule(() -> close.accept(oldest.subscriber()), drainMillis, TimeUnit.MILLISECONDS);
        joins.execute(() -> join(oldest.group(), name));
    }

    private void join(int group, String name) {
        try {
            S s = joiner.join(group, name);
            synchronized (this) {
                joined++;
                members.addLast(new Member<>(s, group));
            }
        } catch (LoadException e) {
            synchronized (this) {
                failures.add(e.getMessage());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Subscribers that left so far. */
    synchronized int left() {
        return left;
    }

    /** New subscribers that joined so far (their first packet may still be on its way). */
    synchronized int joined() {
        return joined;
    }

    /** Why the joins that failed failed, in order. */
    synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    /** Subscribers in the run now. */
    synchronized int size() {
        return members.size();
    }

    /** Stops replacing; the subscribers stay as they are. */
    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
        }
    }
}
