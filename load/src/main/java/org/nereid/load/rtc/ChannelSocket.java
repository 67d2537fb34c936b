package org.nereid.load.rtc;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.socket.SocketClosedException;

/**
 * A client's UDP socket as ice4j sees it. The socket is read by {@link UdpReaders}, not by
 * ice4j: the reader hands STUN over ({@link #offerStun}) and ice4j's STUN stack takes it in
 * {@link #receive}; everything ice4j sends (checks, and our DTLS and SRTP through
 * {@code Component.send}) goes straight out of the channel.
 */
final class ChannelSocket extends IceSocketWrapper implements AutoCloseable {
    /** Checks and consent requests are a few a second; more than this waiting means ice4j has stopped reading. */
    private static final int STUN_BACKLOG = 64;
    private static final DatagramPacket CLOSED = new DatagramPacket(new byte[0], 0);

    private final DatagramChannel channel;
    private final InetSocketAddress local;
    private final BlockingQueue<DatagramPacket> stun = new ArrayBlockingQueue<>(STUN_BACKLOG);
    private volatile boolean closed;

    /** Opens a non-blocking UDP channel on {@code address}, any port. */
    ChannelSocket(InetAddress address) throws IOException {
        channel = DatagramChannel.open();
        try {
            channel.bind(new InetSocketAddress(address, 0));
            channel.configureBlocking(false);
            local = (InetSocketAddress) channel.getLocalAddress();
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    DatagramChannel channel() {
        return channel;
    }

    /** A STUN message the reader took from the socket, for ice4j (a copy: the reader's buffer is reused). */
    void offerStun(byte[] data, int length, InetSocketAddress from) {
        byte[] copy = new byte[length];
        System.arraycopy(data, 0, copy, 0, length);
        stun.offer(new DatagramPacket(copy, length, from));      // full: dropped, as the socket would
    }

    @Override
    public void send(DatagramPacket p) throws IOException {
        // non-blocking: a full send buffer drops the datagram, as a congested link would
        channel.send(ByteBuffer.wrap(p.getData(), p.getOffset(), p.getLength()), p.getSocketAddress());
    }

    /** ice4j's STUN thread: the next STUN message, waiting for one. */
    @Override
    public void receive(DatagramPacket p) throws IOException {
        DatagramPacket next;
        try {
            next = closed ? CLOSED : stun.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for STUN");
        }
        if (next == CLOSED) {
            stun.offer(CLOSED);     // for any other waiting reader
            throw new SocketClosedException();
        }
        int n = Math.min(next.getLength(), p.getData().length - p.getOffset());
        System.arraycopy(next.getData(), 0, p.getData(), p.getOffset(), n);
        p.setLength(n);
        p.setSocketAddress(next.getSocketAddress());
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            channel.close();
        } catch (IOException e) {
            // closing: nothing left to lose
        }
        stun.clear();
        stun.offer(CLOSED);
    }

    @Override
    public InetAddress getLocalAddress() {
        return local.getAddress();
    }

    @Override
    public int getLocalPort() {
        return local.getPort();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return local;
    }

    @Override
    public Socket getTCPSocket() {
        return null;
    }

    /** ice4j only tests this for null (UDP rather than TCP); it never reads from it. */
    @Override
    public DatagramSocket getUDPSocket() {
        return channel.socket();
    }
}
