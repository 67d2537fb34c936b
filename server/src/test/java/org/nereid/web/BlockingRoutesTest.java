package org.nereid.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Routes that may block answer from their own threads, holding the request's body until done. */
class BlockingRoutesTest {
    private static Request request(String body) throws Exception {
        FullHttpRequest http = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT,
                "/galene-api/v0/.groups/a", Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        return new Request(http, RequestPath.parse(http.uri()), false, new InetSocketAddress("127.0.0.1", 1));
    }

    private static FullHttpResponse await(FullHttpResponse later) throws Exception {
        return assertInstanceOf(LaterResponse.class, later).answer().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void theRouteRunsOffTheCallersThreadAndReadsTheBodyAfterItsRelease() throws Exception {
        Request request = request("{\"public\":true}");
        CountDownLatch released = new CountDownLatch(1);
        FullHttpResponse later = BlockingRoutes.answer(r -> {
            released.await(10, TimeUnit.SECONDS);
            String body = r.http().content().toString(StandardCharsets.UTF_8);
            return Responses.text(HttpResponseStatus.OK, Thread.currentThread().getName() + " " + body);
        }, request);
        request.http().release(); // what the event loop does once respond() returns
        released.countDown();
        String text = await(later).content().toString(StandardCharsets.UTF_8).strip();
        assertTrue(text.startsWith("nereid-http-blocking-"), text);
        assertTrue(text.endsWith(" {\"public\":true}"), text);
        assertEquals(0, request.http().refCnt(), "the body is freed once the route is done");
    }

    @Test
    void aFailingRouteFailsItsAnswer() throws Exception {
        Request request = request("");
        FullHttpResponse later = BlockingRoutes.answer(r -> {
            throw new IllegalStateException("disk gone");
        }, request);
        request.http().release();
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(later));
        assertEquals("disk gone", e.getCause().getMessage());
    }

    @Test
    void pastTheQueueARequestIsTurnedAwayAtOnce() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        Route slow = r -> {
            stuck.await(30, TimeUnit.SECONDS);
            return Responses.text(HttpResponseStatus.OK, "done");
        };
        List<FullHttpResponse> waiting = new ArrayList<>();
        try {
            for (int i = 0; i < BlockingRoutes.THREADS + BlockingRoutes.QUEUE; i++) {
                waiting.add(BlockingRoutes.answer(slow, request("")));
            }
            Request extra = request("");
            FullHttpResponse refused = BlockingRoutes.answer(slow, extra);
            assertEquals(HttpResponseStatus.SERVICE_UNAVAILABLE, refused.status());
            assertEquals("1", refused.headers().get("Retry-After"));
            assertEquals(1, extra.http().refCnt(), "the refused request's extra hold is given back");
        } finally {
            stuck.countDown();
        }
        for (FullHttpResponse w : waiting) {
            assertEquals(HttpResponseStatus.OK, await(w).status());
        }
    }
}
