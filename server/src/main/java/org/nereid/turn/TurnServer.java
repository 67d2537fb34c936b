package org.nereid.turn;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in TURN server: UDP and TCP listeners on each configured address and
 * port, relaying only to the SFU's media (see {@link RelayTargets}). Everything runs
 * on one Netty event loop of its own, so the tables need no locks.
 */
public final class TurnServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TurnServer.class);
    /** A TCP connection that has not allocated by then is closed. */
    private static final long TCP_GRACE_SECONDS = 30;

    private final TurnConfig config;
    private final TurnCredentials credentials;
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoop loop = group.next();
    private final AllocationTable table;
    private final TurnProtocol protocol;
    private final List<Channel> listeners = new ArrayList<>();
    /** What clients are told: "turn:HOST:PORT" and "turn:HOST:PORT?transport=tcp". */
    private final Set<String> urls = new LinkedHashSet<>();
    private int port;
    private int tcpConnections;

    private TurnServer(TurnConfig config, TurnCredentials credentials) {
        this.config = config;
        this.credentials = credentials;
        this.table = new AllocationTable(config.limits());
        InetAddress fallback = config.advertised() != null ? config.advertised()
                : config.listen().stream().filter(a -> a instanceof Inet4Address && !a.isAnyLocalAddress())
                        .findFirst().orElse(config.targets().hosts().iterator().next());
        this.protocol = new TurnProtocol(credentials, config.targets(), table, new RelaySockets(loop, config.advertised(),
                fallback));
    }

    /**
     * Listens on every configured address (an address that cannot be bound is logged
     * and skipped) and starts relaying.
     *
     * @throws IOException when no listener could be opened at all
     */
    public static TurnServer start(TurnConfig config, TurnCredentials credentials) throws IOException {
        TurnServer s = new TurnServer(config, credentials);
        try {
            s.listen();
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e;
        }
        s.loop.scheduleAtFixedRate(s::expire, 1, 1, TimeUnit.SECONDS);
        return s;
    }

    private void listen() throws IOException {
        port = config.port();
        List<String> failures = new ArrayList<>();
        for (InetAddress address : config.listen()) {
            InetSocketAddress at = new InetSocketAddress(address, port);
            InetAddress told = config.advertised() != null ? config.advertised() : address;
            try {
                Channel udp = new Bootstrap().group(group).channel(NioDatagramChannel.class)
                        .handler(new UdpListener()).bind(at).sync().channel();
                listeners.add(udp);
                port = ((InetSocketAddress) udp.localAddress()).getPort();
                at = new InetSocketAddress(address, port);
                urls.add("turn:" + hostPort(told, port));
            } catch (Exception e) {
                failures.add("UDP " + at + ": " + e.getMessage());
            }
            try {
                Channel tcp = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                        .childHandler(new TcpInitializer()).bind(at).sync().channel();
                listeners.add(tcp);
                port = ((InetSocketAddress) tcp.localAddress()).getPort();
                urls.add("turn:" + hostPort(told, port) + "?transport=tcp");
            } catch (Exception e) {
                failures.add("TCP " + at + ": " + e.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            LOG.warn("TURN: cannot listen on {}", String.join("; ", failures));
        }
        if (listeners.isEmpty()) {
            throw new IOException("the TURN server could not listen anywhere (" + String.join("; ", failures) + ")");
        }
    }

    /** The port the server listens on. */
    public int port() {
        return port;
    }

    /** The TURN URLs clients are given. */
    public List<String> urls() {
        return List.copyOf(urls);
    }

    /** Live allocations, as of the last allocate or close. */
    public int allocations() {
        return table.size();
    }

    /** The RTCIceServer a client gets: the URLs and a fresh credential of its own. */
    public ObjectNode iceServer() {
        TurnCredentials.Credential c = credentials.issue();
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        urls.forEach(s.putArray("urls")::add);
        s.put("username", c.username());
        s.put("credential", c.password());
        return s;
    }

    /** For the log: where it listens and what it relays to. */
    public String describe() {
        return "UDP and TCP port " + port + " of " + config.listen().stream().map(InetAddress::getHostAddress).toList()
                + (config.advertised() != null ? ", advertised as " + config.advertised().getHostAddress() : "")
                + "; relaying only to the media at " + config.targets();
    }

    private void expire() {
        long now = System.nanoTime();
        for (Allocation a : table.expire(now)) {
            LOG.debug("TURN: allocation {} of {} expired", a.relayed, a.link.client);
            protocol.close(a);
        }
    }

    @Override
    public void close() {
        for (Channel c : listeners) {
            c.close();
        }
        if (!loop.isShutdown()) {
            loop.execute(() -> table.all().forEach(protocol::close));
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private static String hostPort(InetAddress a, int port) {
        return (a instanceof Inet6Address ? "[" + a.getHostAddress() + "]" : a.getHostAddress()) + ":" + port;
    }

    /** The UDP listener of one address: its clients are told apart by their address. */
    private final class UdpListener extends SimpleChannelInboundHandler<DatagramPacket> {
        private final Map<InetSocketAddress, ClientLink.Udp> clients = new HashMap<>();

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
            ClientLink.Udp link = clients.get(packet.sender());
            if (link == null) {
                link = new ClientLink.Udp(ctx.channel(), packet.sender(), packet.recipient(), clients);
            }
            protocol.received(link, packet.content());
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            // e.g. ICMP port unreachable from a client gone: the listener keeps serving the others
            LOG.debug("TURN: UDP listener: {}", cause.toString());
        }
    }

    private final class TcpInitializer extends ChannelInitializer<SocketChannel> {
        @Override
        protected void initChannel(SocketChannel ch) {
            if (tcpConnections >= config.limits().tcpConnections()) {
                ch.close();
                return;
            }
            tcpConnections++;
            ch.closeFuture().addListener(f -> tcpConnections--);
            ClientLink.Tcp link = new ClientLink.Tcp(ch);
            ch.pipeline().addLast(new TcpFraming(), new SimpleChannelInboundHandler<ByteBuf>() {
                @Override
                protected void channelRead0(ChannelHandlerContext ctx, ByteBuf frame) {
                    protocol.received(link, frame);
                }

                @Override
                public void channelInactive(ChannelHandlerContext ctx) {
                    if (link.allocation != null) {
                        protocol.close(link.allocation);
                    }
                }

                @Override
                public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                    ctx.close();
                }
            });
            ch.eventLoop().schedule(() -> {
                if (link.allocation == null) {
                    ch.close();
                }
            }, TCP_GRACE_SECONDS, TimeUnit.SECONDS);
        }
    }
}
