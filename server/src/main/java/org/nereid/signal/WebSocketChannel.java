package org.nereid.signal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Netty end of one signalling WebSocket: placed by the web layer after
 * its WebSocket protocol handler and frame aggregator, it turns whole frames
 * into {@link SignalConnection} calls and is the client's {@link SignalTransport}.
 */
final class WebSocketChannel extends SimpleChannelInboundHandler<WebSocketFrame> implements SignalTransport {

    private final SignalService service;
    private final InetSocketAddress remote;
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile Channel channel;
    private SignalConnection connection;

    WebSocketChannel(SignalService service, InetSocketAddress remote) {
        this.service = service;
        this.remote = remote;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
            connection(ctx);
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, WebSocketFrame frame) {
        if (frame instanceof TextWebSocketFrame text) {
            connection(ctx).onText(text.text());
        } else if (frame instanceof BinaryWebSocketFrame binary) {
            connection(ctx).onText(binary.content().toString(StandardCharsets.UTF_8));
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (connection != null) {
            connection.onClosed();
        }
        super.channelInactive(ctx);
    }

    private SignalConnection connection(ChannelHandlerContext ctx) {
        if (connection == null) {
            channel = ctx.channel();
            connection = service.connect(this);
        }
        return connection;
    }

    @Override
    public CompletionStage<Void> send(String text) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Channel ch = channel;
        if (ch == null || !ch.isActive()) {
            done.completeExceptionally(new IllegalStateException("the WebSocket is closed"));
            return done;
        }
        ch.writeAndFlush(new TextWebSocketFrame(text)).addListener(f -> {
            if (f.isSuccess()) {
                done.complete(null);
            } else {
                done.completeExceptionally(f.cause());
            }
        });
        return done;
    }

    @Override
    public void close(int code, String reason) {
        Channel ch = channel;
        if (ch == null || !closing.compareAndSet(false, true)) {
            return;
        }
        ch.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public String remoteAddress() {
        return remote.getAddress().getHostAddress() + ":" + remote.getPort();
    }
}
