package org.nereid.fuzz;

import java.util.concurrent.TimeUnit;

/**
 * Ends the test JVM when one case runs for a minute: an endless loop would otherwise hold the
 * build until CI's limit. It saves and prints the case and the stuck thread's stack first, so
 * the hang becomes a regression seed like any crash.
 */
final class Watchdog {
    private static final long HANG_NANOS = TimeUnit.SECONDS.toNanos(60);

    private record Watched(byte[] input, Thread thread, long start) {
    }

    private static volatile Watched current;

    static {
        Thread t = new Thread(Watchdog::patrol, "fuzz-watchdog");
        t.setDaemon(true);
        t.start();
    }

    private Watchdog() {
    }

    static void watch(byte[] input) {
        current = new Watched(input, Thread.currentThread(), System.nanoTime());
    }

    static void done() {
        current = null;
    }

    private static void patrol() {
        while (true) {
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
            Watched w = current;
            if (w != null && System.nanoTime() - w.start() > HANG_NANOS) {
                AssertionError hang = FuzzTarget.failure(w.input(), "hung for a minute (saved as "
                        + FuzzTarget.save(w.input()) + ")", null);
                hang.setStackTrace(w.thread().getStackTrace());
                hang.printStackTrace();
                System.err.flush();
                Runtime.getRuntime().halt(3);
            }
        }
    }
}
