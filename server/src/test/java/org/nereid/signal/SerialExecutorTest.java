package org.nereid.signal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * One client's tasks on the shared pool: in order, and, once the pool stops (the server shuts
 * down), a task given to a client no longer fails the task that gave it. A publisher sent away
 * while the server stopped told its receivers its stream was gone; the pool refused that, the
 * refusal ended its own task before its socket closed with 1012, and its page did not come back.
 */
class SerialExecutorTest {

    @Test
    void runsOneClientsTasksInTheOrderGiven() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            SerialExecutor serial = new SerialExecutor(pool);
            List<Integer> ran = new CopyOnWriteArrayList<>();
            CountDownLatch done = new CountDownLatch(1);
            for (int i = 0; i < 1000; i++) {
                int n = i;
                serial.execute(() -> ran.add(n));
            }
            serial.execute(done::countDown);
            assertTrue(done.await(10, TimeUnit.SECONDS));
            for (int i = 0; i < 1000; i++) {
                assertEquals(i, ran.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTaskGivenToAClientAfterThePoolStoppedDoesNotFailTheTaskThatGaveIt() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        SerialExecutor leaving = new SerialExecutor(pool);
        SerialExecutor receiver = new SerialExecutor(pool);
        CountDownLatch stopping = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        List<String> ran = new CopyOnWriteArrayList<>();
        leaving.execute(() -> {
            try {
                stopping.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            receiver.execute(() -> ran.add("the receiver told"));
            ran.add("the leaving client closed");
            closed.countDown();
        });
        pool.shutdown();
        stopping.countDown();
        assertTrue(closed.await(10, TimeUnit.SECONDS), "the leaving client's task went on to its end");
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(List.of("the leaving client closed"), ran, "the receiver's task was dropped: nothing runs any more");
        receiver.execute(() -> ran.add("later"));  // nor does a later one throw
        assertEquals(1, ran.size());
    }
}
