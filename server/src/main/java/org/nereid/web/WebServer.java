package org.nereid.web;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1.1 listener: TLS (unless insecure), the HTTP codec, a request aggregator and
 * {@link HttpChannelHandler}. Explicit start and idempotent close.
 */
public final class WebServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebServer.class);
    /** Request bodies are small JSON documents (admin API); anything larger is refused with 413. */
    private static final int MAX_REQUEST_BODY = 1 << 20;
    /** Like Galène's IdleTimeout: an HTTP connection quiet this long is closed (WebSockets excepted). */
    private static final int HTTP_IDLE_SECONDS = 120;
    /**
     * A request must arrive whole this soon after its first byte (Galène: 60 s for the
     * headers). The system property exists for tests, which cannot wait that long.
     */
    private static final String REQUEST_DEADLINE_PROPERTY = "nereid.http.requestDeadlineMillis";

    static {
        // TLS 1.2 lets a client ask for a new handshake at any time on an open connection: each
        // costs the server a key exchange, and nothing a browser does needs one. The JDK refuses it
        // with this property, which it reads once, before the first server handshake of the
        // process; every TLS listener of Nereid is this class's, so setting it here is in time.
        if (System.getProperty("jdk.tls.rejectClientInitiatedRenegotiation") == null) {
            System.setProperty("jdk.tls.rejectClientInitiatedRenegotiation", "true");
        }
    }

    private final InetSocketAddress bindAddress;
    private final TlsCertificate tls;
    private final Routes routes;
    private final long requestDeadlineMillis = Long.getLong(REQUEST_DEADLINE_PROPERTY, 30_000);
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel serverChannel;
    private boolean closed;

    /** @param tls the certificate, or null to serve plain HTTP ({@code -insecure}) */
    public WebServer(InetSocketAddress bindAddress, TlsCertificate tls, Routes routes) {
        this.bindAddress = bindAddress;
        this.tls = tls;
        this.routes = routes;
    }

    public synchronized InetSocketAddress start() throws Exception {
        if (serverChannel != null || closed) {
            throw new IllegalStateException("the web server can be started once");
        }
        if (tls != null) {
            tls.context(); // fail now, not at the first connection, when the files are unusable
        }
        bossGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        // one event loop per core, not Netty's two: pages, the API and signalling are light, media
        // never passes here, and each idle loop is a thread with its stack (docs/benchmarks.md)
        workerGroup = new MultiThreadIoEventLoopGroup(Math.max(1, Runtime.getRuntime().availableProcessors()),
                NioIoHandler.newFactory());
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_BACKLOG, 256)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) throws Exception {
                        ChannelPipeline p = ch.pipeline();
                        if (tls != null) {
                            p.addLast("tls", tls.context().newHandler(ch.alloc()));
                        }
                        p.addLast(RequestDeadline.NAME, new RequestDeadline(requestDeadlineMillis));
                        p.addLast("idle", new IdleStateHandler(0, 0, HTTP_IDLE_SECONDS, TimeUnit.SECONDS));
                        p.addLast("idle-close", new IdleClose());
                        p.addLast("http", new HttpServerCodec());
                        p.addLast("aggregator", new HttpObjectAggregator(MAX_REQUEST_BODY));
                        p.addLast("chunked", new ChunkedWriteHandler());
                        p.addLast("routes", new HttpChannelHandler(routes, tls != null));
                    }
                });
        try {
            serverChannel = bootstrap.bind(bindAddress).sync().channel();
        } catch (Exception e) {
            close();
            throw e;
        }
        InetSocketAddress bound = (InetSocketAddress) serverChannel.localAddress();
        log.info("Listening on {}://{}:{}/", tls != null ? "https" : "http", bound.getHostString(), bound.getPort());
        return bound;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (serverChannel != null) {
            serverChannel.close().syncUninterruptibly();
        }
        if (bossGroup != null) {
            bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
        if (workerGroup != null) {
            workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Closes idle HTTP connections; both handlers leave the pipeline when it becomes a WebSocket. */
    private static final class IdleClose extends ChannelDuplexHandler {
        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
            if (evt instanceof IdleStateEvent) {
                ctx.close();
                return;
            }
            super.userEventTriggered(ctx, evt);
        }
    }
}
