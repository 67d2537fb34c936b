package org.nereid.web;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Against slowloris: a request must arrive whole (headers and body) within a deadline
 * counted from the connection or from its first byte. The idle timeout alone never fires
 * for a client that sends a header byte now and then. Sits before the HTTP codec, which
 * cannot tell it where a request starts, so {@link HttpChannelHandler} reports each
 * complete request; leaves the pipeline when the connection becomes a WebSocket.
 */
final class RequestDeadline extends ChannelInboundHandlerAdapter {
    static final String NAME = "request-deadline";

    private final long millis;
    private ScheduledFuture<?> timer;
    private boolean betweenRequests;

    RequestDeadline(long millis) {
        this.millis = millis;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        arm(ctx);
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (betweenRequests && msg instanceof ByteBuf) {
            betweenRequests = false;
            arm(ctx);
        }
        super.channelRead(ctx, msg);
    }

    private void arm(ChannelHandlerContext ctx) {
        cancel();
        timer = ctx.executor().schedule(() -> ctx.close(), millis, TimeUnit.MILLISECONDS);
    }

    private void cancel() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
    }

    /** A whole request arrived: the clock stops until the next one's first byte. */
    static void requestComplete(ChannelHandlerContext ctx) {
        if (ctx.pipeline().get(NAME) instanceof RequestDeadline deadline) {
            deadline.cancel();
            deadline.betweenRequests = true;
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancel();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        cancel();
        super.channelInactive(ctx);
    }
}
