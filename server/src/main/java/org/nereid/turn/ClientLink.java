package org.nereid.turn;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import java.util.Map;

/**
 * The TURN client's side of an allocation (its five-tuple): how messages reach the
 * client, over the UDP listener or its own TCP connection. Holds the allocation it
 * made, if any. Used on the TURN event loop only.
 */
abstract class ClientLink {
    final Channel channel;
    final InetSocketAddress client;
    final InetSocketAddress local;
    Allocation allocation;

    private ClientLink(Channel channel, InetSocketAddress client, InetSocketAddress local) {
        this.channel = channel;
        this.client = client;
        this.local = local;
    }

    /** Sends a whole STUN message or ChannelData message; takes ownership of {@code message}. */
    abstract void send(ByteBuf message);

    /** Whether ChannelData to this client must be padded to four bytes (it must over TCP). */
    abstract boolean padsChannelData();

    /** Called when the allocation is gone. */
    void allocationClosed() {
        allocation = null;
    }

    /** A client of a UDP listener: datagrams to its address from the listener's socket. */
    static final class Udp extends ClientLink {
        private final Map<InetSocketAddress, Udp> registry;

        Udp(Channel listener, InetSocketAddress client, InetSocketAddress local,
            Map<InetSocketAddress, Udp> registry) {
            super(listener, client, local);
            this.registry = registry;
        }

        @Override
        void send(ByteBuf message) {
            channel.writeAndFlush(new DatagramPacket(message, client), channel.voidPromise());
        }

        @Override
        boolean padsChannelData() {
            return false;
        }

        /** Once it has an allocation, the listener must find this link again by address. */
        void remember() {
            registry.put(client, this);
        }

        @Override
        void allocationClosed() {
            super.allocationClosed();
            registry.remove(client, this);
        }
    }

    /** A client on its own TCP connection (RFC 8656 allows one allocation per connection). */
    static final class Tcp extends ClientLink {
        Tcp(Channel connection) {
            super(connection, (InetSocketAddress) connection.remoteAddress(),
                    (InetSocketAddress) connection.localAddress());
        }

        @Override
        void send(ByteBuf message) {
            channel.writeAndFlush(message, channel.voidPromise());
        }

        @Override
        boolean padsChannelData() {
            return true;
        }

        /** The connection served only this allocation (RFC 8656 §3.1: it ends with it). */
        @Override
        void allocationClosed() {
            super.allocationClosed();
            channel.close();
        }
    }
}
