package org.nereid.web;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketHandshakeException;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.TimeUnit;
import org.nereid.logging.LogText;
import org.nereid.logging.Throttle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a WebSocket whose client broke the protocol or the size limit, with one Close frame
 * whose status says why (1007 bad UTF-8, 1009 too big, 1002 otherwise), then a lingering
 * close: the server stops writing and throws away what the client still sends until it
 * hangs up or {@link #LINGER_MILLIS} pass. Closing at once would reset the connection when
 * the client is still sending (the rest of an oversized message), and a reset makes the
 * client's system discard the Close frame before the client reads it.
 *
 * <p>One shared instance sits in two places: before Netty's protocol handler, so that the
 * frame decoder's errors never reach that handler (which would close the socket at once),
 * and last, for the message aggregator's. Netty's own Close frames on these errors are
 * turned off ({@code closeOnProtocolViolation(false)}), so this is the only one.
 */
@ChannelHandler.Sharable
final class WebSocketErrors extends ChannelInboundHandlerAdapter {
    static final WebSocketErrors INSTANCE = new WebSocketErrors();
    static final long LINGER_MILLIS = 2000;
    private static final String DRAIN = "ws-drain";
    private static final Logger log = LoggerFactory.getLogger(WebSocketErrors.class);
    private static final Throttle CLOSED = new Throttle(1_000);

    private WebSocketErrors() {
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof WebSocketHandshakeException) {
            ctx.fireExceptionCaught(cause); // the protocol handler answers a failed handshake with 400
            return;
        }
        ChannelPipeline pipeline = ctx.pipeline();
        if (pipeline.get(DRAIN) != null) {
            return; // already closing
        }
        WebSocketCloseStatus status;
        if (cause instanceof CorruptedWebSocketFrameException corrupted) {
            status = corrupted.closeStatus();
        } else if (cause instanceof TooLongFrameException) {
            status = WebSocketCloseStatus.MESSAGE_TOO_BIG;
        } else {
            status = WebSocketCloseStatus.INTERNAL_SERVER_ERROR;
        }
        CLOSED.log(n -> log.info("WebSocket from {} closed ({}): {}{}", ctx.channel().remoteAddress(), status.code(),
                LogText.of(cause.getMessage()), Throttle.leftOut(n)));
        Channel ch = ctx.channel();
        if (!ch.isActive()) {
            return;
        }
        if (pipeline.get("tls") != null) {
            pipeline.addAfter("tls", DRAIN, new Drain());
        } else {
            pipeline.addFirst(DRAIN, new Drain());
        }
        ctx.writeAndFlush(new CloseWebSocketFrame(status)).addListener(sent -> {
            if (sent.isSuccess() && ch instanceof DuplexChannel duplex) {
                duplex.shutdownOutput(); // the client sees the end after our Close, and hangs up
                ch.eventLoop().schedule(() -> ch.close(), LINGER_MILLIS, TimeUnit.MILLISECONDS);
            } else {
                ch.close();
            }
        });
    }

    /** Throws away whatever the client sends after the server's Close frame. */
    private static final class Drain extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ReferenceCountUtil.release(msg);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
