package org.nereid.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Churn's bookkeeping: who leaves, who replaces them where, and what is counted. */
class ChurnTest {
    /** A stand-in subscriber: its name and what happened to it. */
    static final class Member {
        final String name;
        volatile boolean left;
        volatile boolean closed;

        Member(String name) {
            this.name = name;
        }
    }

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<String> joinedNames = new ArrayList<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private Churn<Member> churn(String refused) {
        return new Churn<>(10, (group, name) -> {
            if (name.equals(refused)) {
                throw new LoadException("The server refused to let " + name + " join.");
            }
            joinedNames.add(group + ":" + name);
            return new Member(name);
        }, m -> m.left = true, m -> m.closed = true, Runnable::run, timer, 0, new int[] {4, 4});
    }

    @Test
    void theLongestConnectedLeavesAndANewOneJoinsItsGroup() throws Exception {
        Churn<Member> churn = churn(null);
        Member a = new Member("sub-1.1");
        Member b = new Member("sub-2.1");
        Member c = new Member("sub-1.2");
        churn.add(a, 0);
        churn.add(b, 1);
        churn.add(c, 0);

        churn.step();
        assertTrue(a.left);
        assertEquals(List.of("0:sub-1.4"), joinedNames);
        churn.step();
        assertTrue(b.left);
        assertEquals(List.of("0:sub-1.4", "1:sub-2.4"), joinedNames, "the new one takes the group of the one that left");
        churn.step();
        churn.step();
        assertTrue(c.left);
        assertEquals(List.of("0:sub-1.4", "1:sub-2.4", "0:sub-1.5", "0:sub-1.6"), joinedNames,
                "the replacements leave in their turn, after those that were in before them");
        assertEquals(4, churn.left());
        assertEquals(4, churn.joined());
        assertEquals(3, churn.size(), "the count stays what it was");
        timer.submit(() -> { }).get(5, TimeUnit.SECONDS);   // the closes were scheduled before this
        assertTrue(a.closed && b.closed && c.closed);
    }

    @Test
    void aFailedJoinIsCountedWithItsReasonAndTheRunGoesOn() {
        Churn<Member> churn = churn("sub-1.4");
        Member a = new Member("sub-1.1");
        Member b = new Member("sub-1.2");
        churn.add(a, 0);
        churn.add(b, 0);

        churn.step();
        churn.step();
        assertEquals(2, churn.left());
        assertEquals(1, churn.joined());
        assertEquals(List.of("The server refused to let sub-1.4 join."), churn.failures());
        assertEquals(1, churn.size(), "the one that could not join is not in");
    }

    @Test
    void withNobodyInThereIsNothingToReplace() {
        Churn<Member> churn = churn(null);
        churn.step();
        assertEquals(0, churn.left());
        assertEquals(List.of(), joinedNames);
    }
}
