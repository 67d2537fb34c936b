package org.nereid.web;

import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers the routes that may block — a group file written and synced, a password hashed,
 * a cluster lock taken across the network — on threads of their own. On an event loop such
 * a wait would stall every page and WebSocket sharing that loop: a cluster member that has
 * just died keeps a lock for seconds.
 *
 * <p>The threads are shared by every server in the process and end after 30 s idle, so an
 * idle server holds none. The queue is bounded: past it a request gets 503 at once.
 */
final class BlockingRoutes {
    static final int THREADS = 4;
    static final int QUEUE = 256;
    private static final AtomicInteger NUMBER = new AtomicInteger();
    private static final ThreadPoolExecutor POOL = pool();

    private BlockingRoutes() {
    }

    private static ThreadPoolExecutor pool() {
        ThreadPoolExecutor pool = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(QUEUE), r -> {
                    Thread t = new Thread(r, "nereid-http-blocking-" + NUMBER.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** {@code route}'s answer to {@code request}, given later from a blocking thread. */
    static FullHttpResponse answer(Route route, Request request) {
        // the event loop releases the request's body once we return: hold it until the route is done
        Request held = new Request(request.http().retainedDuplicate(), request.path(), request.secure(),
                request.remote());
        CompletableFuture<FullHttpResponse> answer = new CompletableFuture<>();
        try {
            POOL.execute(() -> {
                FullHttpResponse response = null;
                Throwable failure = null;
                try {
                    response = route.respond(held);
                } catch (Throwable e) {
                    failure = e;
                } finally {
                    held.http().release(); // before answering, so nothing waits on a body still held
                }
                if (failure == null) {
                    answer.complete(response);
                } else {
                    answer.completeExceptionally(failure);
                }
            });
        } catch (RejectedExecutionException e) {
            held.http().release();
            FullHttpResponse busy = Responses.text(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    "The server has too many requests waiting; try again in a moment.");
            busy.headers().set(HttpHeaderNames.RETRY_AFTER, "1");
            return busy;
        }
        return LaterResponse.of(answer);
    }
}
