package org.nereid.turn;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.DatagramChannel;
import org.slf4j.LoggerFactory;

/**
 * Opens the UDP socket of each allocation on an IPv4 address (the SFU's media is
 * IPv4): the address the client reached when that is a specific IPv4 one, else the
 * wildcard. The relayed address told to the client is the advertised address when
 * the operator gave one ({@code -turn ADDR:PORT}), else the socket's own.
 */
final class RelaySockets {
    private final EventLoop loop;
    private final InetAddress advertised;
    private final InetAddress fallback;

    /**
     * @param advertised the address to tell clients, or null
     * @param fallback   the IPv4 address to tell clients when the socket is on the wildcard
     */
    RelaySockets(EventLoop loop, InetAddress advertised, InetAddress fallback) {
        this.loop = loop;
        this.advertised = advertised;
        this.fallback = fallback;
    }

    /** A new allocation for {@code link}, its socket bound and reading into {@code protocol}. */
    Allocation open(ClientLink link, String username, byte[] key, byte[] transactionId, TurnProtocol protocol)
            throws IOException {
        InetAddress local = link.local.getAddress();
        InetAddress bind = local instanceof Inet4Address && !local.isAnyLocalAddress()
                ? local : InetAddress.getByName("0.0.0.0");
        DatagramChannel socket = DatagramChannel.open(StandardProtocolFamily.INET);
        try {
            socket.bind(new InetSocketAddress(bind, 0));
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        int port = ((InetSocketAddress) socket.getLocalAddress()).getPort();
        InetAddress told = advertised != null ? advertised : bind.isAnyLocalAddress() ? fallback : bind;
        NioDatagramChannel relay = new NioDatagramChannel(socket);
        Allocation a = new Allocation(link, relay, new InetSocketAddress(told, port), username, key, transactionId);
        relay.pipeline().addLast(new SimpleChannelInboundHandler<DatagramPacket>() {
            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
                protocol.fromPeer(a, packet);
            }

            @Override
            public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
                LoggerFactory.getLogger(RelaySockets.class).warn("TURN: relay {}: {}", a.relayed, cause.toString());
            }
        });
        loop.register(relay);
        return a;
    }
}
