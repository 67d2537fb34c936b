package org.nereid.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.Test;

class OneCloseFrameTest {
    @Test
    void onlyTheFirstCloseAndNothingAfterItReachesTheWire() {
        EmbeddedChannel ch = new EmbeddedChannel(new OneCloseFrame());
        assertTrue(ch.writeOutbound(new TextWebSocketFrame("before")));
        ch.writeOutbound(new CloseWebSocketFrame(1000, "ours"));
        CloseWebSocketFrame echo = new CloseWebSocketFrame(1001, "the echo of theirs");
        ChannelFuture second = ch.writeAndFlush(echo);
        ChannelFuture late = ch.writeAndFlush(new TextWebSocketFrame("after"));

        assertEquals("before", ((TextWebSocketFrame) ch.readOutbound()).text());
        CloseWebSocketFrame sent = assertInstanceOf(CloseWebSocketFrame.class, ch.readOutbound());
        assertEquals(1000, sent.statusCode());
        assertNull(ch.readOutbound(), "a second close or data after close went out");
        assertTrue(second.isSuccess(), "the redundant close counts as done, so its listener may close the socket");
        assertFalse(late.isSuccess());
        assertEquals(0, echo.refCnt(), "the dropped frame is released");
        sent.release();
        ch.finishAndReleaseAll();
    }
}
