package org.nereid.client;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.function.Supplier;

/**
 * A WebSocket endpoint on 127.0.0.1 at /ws whose every connection talks to the
 * current {@link FakeGroup}.
 */
final class FakeGalene implements AutoCloseable {
    private final EventLoopGroup loop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final Channel server;

    FakeGalene(Supplier<FakeGroup> group) throws InterruptedException {
        server = new ServerBootstrap().group(loop).channel(NioServerSocketChannel.class)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(65536),
                                new WebSocketServerProtocolHandler("/ws", null, false, 1 << 20),
                                new Relay(group.get()));
                    }
                })
                .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)).sync().channel();
    }

    String endpoint() {
        return "ws://127.0.0.1:" + ((InetSocketAddress) server.localAddress()).getPort() + "/ws";
    }

    @Override
    public void close() {
        server.close().syncUninterruptibly();
        loop.shutdownGracefully().syncUninterruptibly();
    }

    private static final class Relay extends SimpleChannelInboundHandler<TextWebSocketFrame> {
        private final FakeGroup group;
        private FakeGroup.Client client;

        Relay(FakeGroup group) {
            this.group = group;
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof WebSocketServerProtocolHandler.HandshakeComplete) {
                Channel ch = ctx.channel();
                client = group.connect(text -> ch.writeAndFlush(new TextWebSocketFrame(text)));
            }
            super.userEventTriggered(ctx, evt);
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, TextWebSocketFrame frame) {
            group.receive(client, frame.text());
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            if (client != null) group.disconnect(client);
            super.channelInactive(ctx);
        }
    }
}
