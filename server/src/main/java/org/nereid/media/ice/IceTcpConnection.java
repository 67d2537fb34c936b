package org.nereid.media.ice;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.ice4j.Transport;
import org.ice4j.TransportAddress;
import org.ice4j.ice.CandidatePair;
import org.ice4j.ice.Component;
import org.ice4j.socket.IceSocketWrapper;
import org.ice4j.util.Buffer;
import org.ice4j.util.BufferPool;

/**
 * One browser's ICE-TCP connection (RFC 6544, framed as RFC 4571: a two-byte
 * length before each packet), as ice4j sees a socket. The listener's selector
 * thread reads it: STUN goes to ice4j's connector through {@link #receive},
 * everything else to the component's packet handler, as UDP packets do. Sends
 * never block: a frame that does not fit the outgoing buffer is dropped, as a
 * full UDP socket would drop it, so a slow browser never stalls the media
 * workers that forward to others.
 */
final class IceTcpConnection extends IceSocketWrapper {
    /** The largest packet a frame may carry; larger ones are not WebRTC, and end the connection. */
    static final int MAX_FRAME = 1500;
    private static final int OUTGOING = 128 * 1024;
    private static final byte[] CLOSED = new byte[0];

    final SocketChannel channel;
    final TransportAddress local;
    final TransportAddress remote;
    /** Where the next frame is being read into: length prefix and payload. */
    final ByteBuffer incoming = ByteBuffer.allocate(2 + MAX_FRAME);
    private final ByteBuffer outgoing = ByteBuffer.allocate(OUTGOING);
    private final ArrayBlockingQueue<byte[]> stun = new ArrayBlockingQueue<>(16);
    private final Consumer<IceTcpConnection> wantWrite;
    /** When it must have shown a known ufrag (pending), or be the selected path (handed over). */
    long deadlineNanos;
    /** The agent's component once the first Binding Request named it; null while pending. */
    volatile Component component;
    String ufrag;
    private volatile boolean closed;

    IceTcpConnection(SocketChannel channel, long deadlineNanos, Consumer<IceTcpConnection> wantWrite) throws IOException {
        this.channel = channel;
        Socket s = channel.socket();
        this.local = new TransportAddress(s.getLocalAddress(), s.getLocalPort(), Transport.TCP);
        this.remote = new TransportAddress(s.getInetAddress(), s.getPort(), Transport.TCP);
        this.deadlineNanos = deadlineNanos;
        this.wantWrite = wantWrite;
    }

    boolean pending() {
        return component == null;
    }

    /** Whether the agent's selected pair runs over this connection. */
    boolean selected() {
        Component c = component;
        CandidatePair pair = c == null ? null : c.getSelectedPair();
        return pair != null && pair.getLocalCandidate().getTransport() == Transport.TCP
                && remote.equals(pair.getRemoteCandidate().getTransportAddress());
    }

    /** Selector thread: a whole frame arrived. */
    void deliver(byte[] data, int off, int len, boolean isStun) {
        if (isStun) {
            byte[] copy = new byte[len];
            System.arraycopy(data, off, copy, 0, len);
            stun.offer(copy);       // a full queue drops it, as UDP would
            return;
        }
        Component c = component;
        Buffer b = BufferPool.getBuffer.invoke(len);
        System.arraycopy(data, off, b.getBuffer(), 0, len);
        b.setOffset(0);
        b.setLength(len);
        b.setRemoteAddress(remote);
        b.setLocalAddress(local);
        c.handleBuffer(b);
    }

    /** ice4j's connector thread: the next STUN message, blocking. */
    @Override
    public void receive(DatagramPacket p) throws IOException {
        byte[] m;
        try {
            do {
                m = stun.poll(1, TimeUnit.SECONDS);
                if (closed) {
                    throw new SocketException("ICE-TCP connection closed");
                }
            } while (m == null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SocketException("interrupted");
        }
        if (m == CLOSED) {
            throw new SocketException("ICE-TCP connection closed");
        }
        int n = Math.min(m.length, p.getData().length - p.getOffset());
        System.arraycopy(m, 0, p.getData(), p.getOffset(), n);
        p.setLength(n);
        p.setSocketAddress(remote);
    }

    /** Any thread: frames a packet and writes what the socket takes now; the rest on writability. */
    @Override
    public void send(DatagramPacket p) throws IOException {
        int len = p.getLength();
        if (len > MAX_FRAME) {
            return;
        }
        synchronized (outgoing) {
            if (closed) {
                throw new SocketException("ICE-TCP connection closed");
            }
            if (outgoing.remaining() < 2 + len) {
                return;
            }
            outgoing.putShort((short) len).put(p.getData(), p.getOffset(), len);
            if (!flushLocked()) {
                wantWrite.accept(this);
            }
        }
    }

    /** Writes what it can; true when nothing is left. */
    boolean flush() throws IOException {
        synchronized (outgoing) {
            return flushLocked();
        }
    }

    private boolean flushLocked() throws IOException {
        outgoing.flip();
        try {
            channel.write(outgoing);
        } finally {
            outgoing.compact();
        }
        return outgoing.position() == 0;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stun.clear();
        stun.offer(CLOSED);
        try {
            channel.close();
        } catch (IOException e) {
            // closing anyway
        }
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
        return channel.socket();
    }

    @Override
    public DatagramSocket getUDPSocket() {
        return null;
    }
}
