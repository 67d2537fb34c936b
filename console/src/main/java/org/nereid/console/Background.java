package org.nereid.console;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

import javafx.application.Platform;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * Runs admin calls off the FX thread and brings results back onto it. Counts work in
 * progress (the status bar shows a spinner while it is non-zero) and turns every
 * failure into a readable sentence in {@link #message()}.
 */
public final class Background implements AutoCloseable {
    private final ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "console-background");
        t.setDaemon(true);
        return t;
    });
    private final ReadOnlyIntegerWrapper running = new ReadOnlyIntegerWrapper(0);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");

    /** Runs {@code work} in the background; {@code done} gets its result on the FX thread. */
    public <T> void run(String what, Callable<T> work, Consumer<T> done) {
        run(what, work, done, e -> { });
    }

    /** As {@link #run(String, Callable, Consumer)}; {@code failed} also sees the failure (on the FX thread). */
    public <T> void run(String what, Callable<T> work, Consumer<T> done, Consumer<Exception> failed) {
        Runnable task = () -> {
            try {
                T result = work.call();
                onFx(() -> {
                    finish();
                    // clear only our own progress note, so an earlier failure stays readable
                    if (message.get().equals(what + "…")) {
                        message.set("");
                    }
                    done.accept(result);
                });
            } catch (Exception e) {
                onFx(() -> {
                    finish();
                    message.set(what + " failed: " + Problems.describe(e));
                    failed.accept(e);
                });
            }
        };
        onFx(() -> {
            running.set(running.get() + 1);
            message.set(what + "…");
        });
        try {
            executor.execute(task);
        } catch (RejectedExecutionException e) {
            // the console is closing (maybe on another thread) and a callback of earlier work asked for more
            onFx(this::finish);
        }
    }

    /** Shows a message in the status bar (any thread). */
    public void say(String text) {
        onFx(() -> message.set(text));
    }

    private void finish() {
        running.set(running.get() - 1);
    }

    public ReadOnlyIntegerProperty running() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty message() {
        return message.getReadOnlyProperty();
    }

    static void onFx(Runnable r) {
        if (Platform.isFxApplicationThread()) {
            r.run();
        } else {
            Platform.runLater(r);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
