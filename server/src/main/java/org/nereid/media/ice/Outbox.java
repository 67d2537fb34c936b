package org.nereid.media.ice;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * One sending thread's batches for the shared port's send sockets ({@link GsoSender}), queued
 * and sent together: up to {@link #MAX_MESSAGES} batches to as many receivers, each cut by the
 * kernel into its own datagram size, in one {@code sendmmsg} per socket. On this machine a
 * system call costs ~1.8 µs beyond its datagrams' own work (docs/benchmarks.md, Session 16);
 * a fan-out makes one per receiver and lane run without this.
 *
 * <p>What a thread queued leaves when it calls {@link #sendQueued} (the end of each fan-out
 * group) and before anything it sends another way ({@link IceTransport#send}), so nothing
 * the thread sends later overtakes it. A batch the kernel does not take (a full socket
 * buffer, a refusal) is sent one datagram at a time through ice4j instead, as before.
 */
final class Outbox {
    /** Batches per call: a fan-out's first receiver waits for at most this many others' to be protected. */
    static final int MAX_MESSAGES = 64;
    /** Bytes held: a keyframe's run to a few receivers, or an ordinary one to all 64. */
    static final int MAX_BYTES = 256 * 1024;

    private static final ThreadLocal<Outbox> THREAD = new ThreadLocal<>();

    private final ByteBuffer bytes = ByteBuffer.allocateDirect(MAX_BYTES);
    private final ByteBuf wrapped = Unpooled.wrappedBuffer(bytes);
    private final NettyDatagramArray array = new NettyDatagramArray();
    private final GsoSender[] senders = new GsoSender[MAX_MESSAGES];
    private final int[] addresses = new int[MAX_MESSAGES];
    private final int[] sockets = new int[MAX_MESSAGES];
    private final int[] offsets = new int[MAX_MESSAGES];
    private final int[] lengths = new int[MAX_MESSAGES];
    private final int[] segmentSizes = new int[MAX_MESSAGES];
    private final IceTransport[] owners = new IceTransport[MAX_MESSAGES];
    /** A batch the kernel did not take, copied back to the heap for ice4j's socket. */
    private byte[] unsent;
    private int count;
    private int used;
    /** In {@link #sendAll}: its one-by-one sends through ice4j must not send the outbox again. */
    private boolean sending;

    /** The calling thread's outbox, made on its first batch. */
    static Outbox get() {
        Outbox o = THREAD.get();
        if (o == null) {
            o = new Outbox();
            THREAD.set(o);
        }
        return o;
    }

    /** Sends what the calling thread queued, if anything. */
    static void sendQueued() {
        Outbox o = THREAD.get();
        if (o != null && o.count > 0 && !o.sending) {
            o.sendAll();
        }
    }

    /**
     * Queues {@code b[0, len)}, packets of {@code segment} bytes back to back (the last may be
     * shorter; a single packet when {@code len == segment}), for {@code to} from socket {@code fd}
     * of {@code sender}'s address {@code address}; {@code owner} sends it one by one if the kernel
     * does not take it.
     */
    void add(GsoSender sender, int address, int fd, byte[] b, int len, int segment, InetSocketAddress to,
            IceTransport owner) {
        if (count == MAX_MESSAGES || used + len > MAX_BYTES) {
            sendAll();
        }
        bytes.put(used, b, 0, len);
        array.add(wrapped, used, len, Math.min(segment, len), to);
        int i = count++;
        senders[i] = sender;
        addresses[i] = address;
        sockets[i] = fd;
        offsets[i] = used;
        lengths[i] = len;
        segmentSizes[i] = segment;
        owners[i] = owner;
        used += len;
    }

    /** Sends every queued batch: one call per run of batches on the same socket. */
    private void sendAll() {
        sending = true;
        try {
            for (int start = 0; start < count; ) {
                int end = start + 1;
                while (end < count && sockets[end] == sockets[start]) {
                    end++;
                }
                int sent = send(start, end);
                for (int i = start + sent; i < end; i++) {
                    sendOneByOne(i);
                }
                start = end;
            }
        } finally {
            for (int i = 0; i < count; i++) {
                senders[i] = null;
                owners[i] = null;
            }
            array.clear();
            count = 0;
            used = 0;
            sending = false;
        }
    }

    /** Sends batches {@code [start, end)} of one socket; returns how many the kernel took. */
    private int send(int start, int end) {
        GsoSender sender = senders[start];
        int sent = 0;
        try {
            while (start + sent < end && !sender.isClosed()) {
                int n = array.send(sockets[start], start + sent, end - start - sent);
                if (n <= 0) {
                    sender.countFull(end - start - sent);
                    break;
                }
                sent += n;
                sender.countCall(datagrams(start + sent - n, start + sent));
            }
        } catch (IOException | RuntimeException e) {
            // e.g. EIO from a device that cannot checksum a GSO send: none of the rest was sent;
            // whatever Netty throws must not end the worker's turn (its lane would stop)
            sender.refuse(addresses[start + sent], e);
        }
        return sent;
    }

    private int datagrams(int start, int end) {
        int n = 0;
        for (int i = start; i < end; i++) {
            n += (lengths[i] + segmentSizes[i] - 1) / segmentSizes[i];
        }
        return n;
    }

    private void sendOneByOne(int i) {
        if (unsent == null) {
            unsent = new byte[GsoSender.MAX_BYTES];
        }
        bytes.get(offsets[i], unsent, 0, lengths[i]);
        try {
            owners[i].sendOneByOne(unsent, lengths[i], segmentSizes[i]);
        } catch (IOException | RuntimeException e) {
            // lost like any UDP packets (the transport closed meanwhile; see PeerTransport.send)
        }
    }
}
