package org.nereid.web;

import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Last in a WebSocket pipeline: whatever the endpoint left unhandled closes the connection
 * with a status that tells the client why (1009 for a message over the size limit).
 */
final class WebSocketErrors extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(WebSocketErrors.class);

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        WebSocketCloseStatus status;
        if (cause instanceof TooLongFrameException) {
            status = WebSocketCloseStatus.MESSAGE_TOO_BIG;
        } else if (cause instanceof CorruptedWebSocketFrameException) {
            status = WebSocketCloseStatus.PROTOCOL_ERROR;
        } else {
            status = WebSocketCloseStatus.INTERNAL_SERVER_ERROR;
        }
        log.info("WebSocket from {} closed ({}): {}", ctx.channel().remoteAddress(), status.code(), cause.getMessage());
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(new CloseWebSocketFrame(status)).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
