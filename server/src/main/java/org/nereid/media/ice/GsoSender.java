package org.nereid.media.ice;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Socket;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Send-only sockets on the shared media port that write a batch of equal-size datagrams
 * in one system call (UDP GSO, {@code UDP_SEGMENT}), from the calling thread itself: a
 * receiver's packets of a lane's run leave together, and no other thread is woken
 * (docs/benchmarks.md, Sessions 8 and 10). The thread's batches to several receivers wait in
 * its {@link Outbox} and leave in one {@code sendmmsg}, each with its own size (Session 16).
 *
 * <p>They share the port with ice4j's sockets ({@code SO_REUSEADDR}) and must be bound
 * before them: on Linux a datagram to a port several such sockets hold goes to the one
 * bound last, which must stay ice4j's receive socket ({@code IceTransportTest} proves every
 * kind of inbound packet still reaches ice4j). These never read.
 *
 * <p>Without {@code sendmmsg} ({@value #TOGETHER_PROPERTY}{@code =false}, or Netty's array
 * not as expected) each batch leaves at once, in a call of its own: its segment size is then the
 * socket's {@code UDP_SEGMENT} option, set with {@code setsockopt} when a batch's differs from
 * the last one's: Netty's public {@link Socket} has a plain
 * {@code sendto} and {@code setsockopt}, but its {@code sendmsg} with a per-call segment size
 * is package-private and runs on its event loop (the hand-off that cost session 8 its gain).
 * A socket-wide option must not change under another thread's send, so each sending thread
 * claims a socket of its own per address on its first batch ({@link #SOCKETS_PER_ADDRESS}, one
 * per media worker); a thread that finds none left sends one datagram per call.
 *
 * <p>On by default (it measured better: docs/benchmarks.md, Session 10); off with
 * {@code -Dnereid.gso=false}. Off, without epoll or without {@code UDP_SEGMENT} in the kernel,
 * {@link #open} returns null with one log line, and media leaves through ice4j.
 */
public final class GsoSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GsoSender.class);
    /** The switch; on unless set to false. */
    public static final String PROPERTY = "nereid.gso";
    /** Batches to several receivers in one call ({@link Outbox}); on unless set to false. */
    public static final String TOGETHER_PROPERTY = "nereid.sendmmsg";
    /** One per media worker ({@code MediaThreads}), the threads that forward. */
    static final int SOCKETS_PER_ADDRESS = Math.max(1, Runtime.getRuntime().availableProcessors());
    /** {@code SOL_UDP} and {@code UDP_SEGMENT} of Linux's headers. */
    private static final int SOL_UDP = 17;
    private static final int UDP_SEGMENT = 103;
    /** Under UDP's 64 KiB limit, which bounds a GSO send as a whole. */
    public static final int MAX_BYTES = 60_000;

    /** Each address's sockets, [address][slot]. */
    private final Socket[][] sockets;
    private final List<InetSocketAddress> locals;
    private final AtomicInteger claimed = new AtomicInteger();
    private final ThreadLocal<Slot> slots = ThreadLocal.withInitial(this::claim);
    private final LongAdder batches = new LongAdder();
    private final LongAdder datagrams = new LongAdder();
    private final LongAdder full = new LongAdder();
    /** Per address: the kernel refused a GSO send there once (written once; a stale read costs one more try). */
    private final boolean[] refused;
    /** Whether batches wait in the sending thread's {@link Outbox} to leave together. */
    private final boolean together;
    private volatile boolean closed;

    /**
     * One thread's sockets (one per address), and for batches sent at once (not through the
     * {@link Outbox}) the segment size each was last given and the thread's buffer.
     */
    private static final class Slot {
        final Socket[] sockets;
        final int[] segments;
        final ByteBuffer buffer;

        Slot(Socket[] sockets, boolean together) {
            this.sockets = sockets;
            this.segments = new int[sockets.length];
            this.buffer = together ? null : ByteBuffer.allocateDirect(MAX_BYTES);
        }
    }

    private GsoSender(Socket[][] sockets, List<InetSocketAddress> locals, boolean together) {
        this.sockets = sockets;
        this.locals = locals;
        this.refused = new boolean[locals.size()];
        this.together = together;
    }

    /** Whether GSO is wanted (unless {@value #PROPERTY}=false); {@link #open} says whether it is available. */
    public static boolean enabled() {
        return !"false".equalsIgnoreCase(System.getProperty(PROPERTY));
    }

    /**
     * Binds the send sockets on {@code port} of each address, or returns null (and says why
     * in the log) when GSO is off or unavailable here.
     */
    static GsoSender open(List<String> addresses, int port) {
        if (!enabled()) {
            LOG.info("UDP GSO off (-D{}=false): media is sent one datagram per system call", PROPERTY);
            return null;
        }
        if (!Epoll.isAvailable()) {     // loads Netty's native library, which the sockets' methods need
            LOG.info("UDP GSO unavailable ({}): media is sent one datagram per system call", Epoll.unavailabilityCause());
            return null;
        }
        Socket[][] bound = new Socket[SOCKETS_PER_ADDRESS][addresses.size()];
        List<InetSocketAddress> locals = new ArrayList<>();
        try {
            for (int a = 0; a < addresses.size(); a++) {
                InetSocketAddress local = new InetSocketAddress(InetAddress.getByName(addresses.get(a)), port);
                locals.add(local);
                for (int s = 0; s < SOCKETS_PER_ADDRESS; s++) {
                    Socket socket = Socket.newSocketDgram();
                    bound[s][a] = socket;
                    socket.setReuseAddress(true);
                    socket.setIntOpt(SOL_UDP, UDP_SEGMENT, 1200);   // fails on a kernel without GSO
                    socket.bind(local);
                }
            }
            return new GsoSender(bound, List.copyOf(locals), together());
        } catch (IOException | RuntimeException e) {
            closeAll(bound);
            LOG.info("UDP GSO unavailable (cannot bind {} on port {} with UDP_SEGMENT: {}): media is sent one datagram"
                    + " per system call", addresses, port, e.toString());
            return null;
        }
    }

    private static boolean together() {
        if ("false".equalsIgnoreCase(System.getProperty(TOGETHER_PROPERTY))) {
            LOG.info("sendmmsg off (-D{}=false): each receiver's batch is sent in a call of its own", TOGETHER_PROPERTY);
            return false;
        }
        if (NettyDatagramArray.UNAVAILABLE != null) {
            LOG.info("sendmmsg unavailable ({}): each receiver's batch is sent in a call of its own",
                    NettyDatagramArray.UNAVAILABLE);
            return false;
        }
        return true;
    }

    /** Which of the bound addresses {@code local} (the base of a selected pair's local candidate) is, or -1. */
    int indexOf(InetSocketAddress local) {
        return locals.indexOf(local);
    }

    /**
     * Sends {@code b[0, len)}, packets of {@code segment} bytes laid back to back (the last
     * may be shorter, {@code len <= MAX_BYTES}), to {@code to} from the calling thread's socket
     * on address {@code index}: queued in the thread's {@link Outbox}, which sends it with the
     * thread's other batches in one call, or else at once in a call of its own. A single packet
     * ({@code len == segment}) too, as a plain datagram, which skips the JDK's and ice4j's layers
     * of a {@code DatagramSocket} send (half the datagrams of a fan-out are such singles: audio,
     * a frame's shorter last packet). Returns false, having sent nothing, when this thread has no
     * socket, the socket's buffer is full or the kernel refused: the caller then sends them one
     * by one (through ice4j's blocking socket), as {@code owner} does for a queued batch the
     * kernel does not take.
     */
    boolean send(int index, byte[] b, int len, int segment, InetSocketAddress to, IceTransport owner) {
        Slot slot = closed || refused[index] || len > MAX_BYTES ? null : slots.get();
        if (slot == null) {
            return false;
        }
        Socket socket = slot.sockets[index];
        if (together) {
            Outbox.get().add(this, index, socket.intValue(), b, len, segment, to, owner);
            return true;
        }
        try {
            // the kernel cuts a datagram only where it is longer than the socket's size: a
            // single keeps whatever size is set if it fits in it, which spares a system call
            int set = slot.segments[index];
            if (len > segment ? set != segment : set < len) {
                socket.setIntOpt(SOL_UDP, UDP_SEGMENT, segment);
                slot.segments[index] = segment;
            }
            ByteBuffer buffer = slot.buffer;
            buffer.put(0, b, 0, len);
            // Netty's sendTo turns the address into bytes: two small arrays per call, not per packet;
            // the socket does not block, and 0 is its EAGAIN
            if (socket.sendTo(buffer, 0, len, to.getAddress(), to.getPort()) <= 0) {
                full.increment();
                return false;
            }
        } catch (IOException e) {
            refuse(index, e);
            return false;
        }
        countCall((len + segment - 1) / segment);
        return true;
    }

    /** Sends what the calling thread queued ({@link Outbox}), if anything. */
    public static void sendQueued() {
        Outbox.sendQueued();
    }

    /** One call sent {@code datagrams}. */
    void countCall(int datagrams) {
        batches.increment();
        this.datagrams.add(datagrams);
    }

    /** A full socket buffer sent {@code batches} one by one instead. */
    void countFull(int batches) {
        full.add(batches);
    }

    /**
     * The kernel refused a send from address {@code index}, e.g. EIO from a device that cannot
     * checksum a GSO send: that address sends one by one from now on.
     */
    void refuse(int index, Exception e) {
        if (!refused[index] && !closed) {
            refused[index] = true;
            LOG.info("UDP GSO refused on {} ({}): media from it is sent one datagram per system call",
                    locals.get(index), e.toString());
        }
    }

    boolean isClosed() {
        return closed;
    }

    /** The calling thread's sockets, claimed on its first batch; null when every slot is taken. */
    private Slot claim() {
        int s = claimed.getAndIncrement();
        return s < sockets.length ? new Slot(sockets[s], together) : null;
    }

    /** Batches sent, each in one call. */
    public long calls() {
        return batches.sum();
    }

    /** Datagrams those calls held. */
    public long datagrams() {
        return datagrams.sum();
    }

    /** Batches a full socket buffer sent one by one instead. */
    public long full() {
        return full.sum();
    }

    @Override
    public void close() {
        closed = true;
        LOG.info("UDP GSO: {} datagrams sent in {} calls; {} batches sent one by one (socket buffer full)",
                datagrams.sum(), batches.sum(), full.sum());
        closeAll(sockets);
    }

    private static void closeAll(Socket[][] sockets) {
        for (Socket[] slot : sockets) {
            for (Socket s : slot) {
                if (s != null) {
                    try {
                        s.close();
                    } catch (IOException e) {
                        // closing: nothing to do
                    }
                }
            }
        }
    }
}
