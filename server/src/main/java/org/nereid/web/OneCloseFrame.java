package org.nereid.web;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.nio.channels.ClosedChannelException;

/**
 * Lets at most one Close frame out of a WebSocket, and nothing after it (RFC 6455 §5.5.1).
 * When the server closes a socket just as the client does, Netty's protocol handler answers
 * the client's Close while ours is already on its way; browsers report the second one as an
 * error ("Close received after close"). Sits between Netty's protocol handler and the wire,
 * where both pass.
 */
final class OneCloseFrame extends ChannelOutboundHandlerAdapter {
    private boolean closeSent; // event loop only

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (closeSent && msg instanceof WebSocketFrame) {
            ReferenceCountUtil.release(msg);
            if (msg instanceof CloseWebSocketFrame) {
                promise.setSuccess(); // the socket is closing as asked; whoever waits for it may close
            } else {
                promise.setFailure(new ClosedChannelException());
            }
            return;
        }
        if (msg instanceof CloseWebSocketFrame) {
            closeSent = true;
        }
        ctx.write(msg, promise);
    }
}
