package org.nereid.signal;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;

/**
 * The messages waiting to be written to one client, one write in flight at
 * a time. Bounded in messages and in characters: a client that does not read
 * fills it and is dropped instead of holding up the group or the heap (offer
 * never blocks). A message always fits an empty outbox.
 */
final class Outbox {

    private final SignalTransport transport;
    private final int capacity;
    private final long maxChars;
    private long queuedChars;
    private final Runnable onOverflow;
    private final Queue<String> queue = new ArrayDeque<>();
    private boolean writing;
    private boolean closed;
    private int closeCode;
    private String closeReason;

    Outbox(SignalTransport transport, int capacity, long maxChars, Runnable onOverflow) {
        this.transport = transport;
        this.capacity = capacity;
        this.maxChars = maxChars;
        this.onOverflow = onOverflow;
    }

    /** Queues a message; returns false if the outbox is closed or just overflowed. */
    boolean offer(String text) {
        boolean overflow = false;
        boolean start = false;
        synchronized (this) {
            if (closed) {
                return false;
            }
            if (queue.size() >= capacity || !queue.isEmpty() && queuedChars + text.length() > maxChars) {
                closed = true;
                queue.clear();
                queuedChars = 0;
                overflow = true;
            } else {
                queue.add(text);
                queuedChars += text.length();
                start = !writing;
                writing = true;
            }
        }
        if (overflow) {
            onOverflow.run();
            return false;
        }
        if (start) {
            pump();
        }
        return true;
    }

    /** Writes what is queued, then closes the socket with this code and reason. */
    void closeAfterFlush(int code, String reason) {
        boolean closeNow;
        synchronized (this) {
            if (closeReason != null) {
                return;
            }
            closed = true;
            closeCode = code;
            closeReason = reason == null ? "" : reason;
            closeNow = !writing;
        }
        if (closeNow) {
            transport.close(code, closeReason);
        }
    }

    private void pump() {
        while (true) {
            String next;
            synchronized (this) {
                next = queue.poll();
                if (next != null) {
                    queuedChars -= next.length();
                }
                if (next == null) {
                    writing = false;
                    if (closeReason != null) {
                        transport.close(closeCode, closeReason);
                    }
                    return;
                }
            }
            CompletableFuture<Void> written = transport.send(next).toCompletableFuture();
            if (written.isDone() && !written.isCompletedExceptionally()) {
                continue;
            }
            written.whenComplete((v, e) -> {
                if (e != null) {
                    synchronized (this) {
                        closed = true;
                        queue.clear();
                        queuedChars = 0;
                        writing = false;
                    }
                    transport.close(1011, "write failed");
                } else {
                    pump();
                }
            });
            return;
        }
    }
}
