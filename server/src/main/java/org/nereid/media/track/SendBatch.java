package org.nereid.media.track;

import org.jitsi.srtp.SrtpCryptoContext;
import org.nereid.media.ice.GsoSender;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpSession;

/**
 * One receiver's packets of a lane's run, protected and laid back to back so that they
 * leave as one batch ({@link PeerSink#sendSegments}, UDP GSO). The kernel cuts such a
 * buffer into datagrams of one size, the last of which may be shorter: a packet longer than
 * the batch's size, or any packet after a shorter one, or another receiver's, first hands
 * over what is gathered. The transport queues batches to several receivers to send them in
 * one system call ({@link #finish}). Owned by one worker thread, which sends the batches
 * itself (no hand-off); reused for every receiver and run.
 */
final class SendBatch {
    /** What one GSO send may hold (under UDP's 64 KiB limit, which bounds it as a whole). */
    static final int MAX_BYTES = GsoSender.MAX_BYTES;
    /** The kernel's cap on segments per send (UDP_MAX_SEGMENTS is 64 on older kernels). */
    static final int MAX_SEGMENTS = 64;

    private final byte[] bytes = new byte[MAX_BYTES];
    private PeerSink sink;
    private int length;
    private int segment;
    private int segments;
    /** A shorter packet ended the batch: the next one starts another. */
    private boolean closed;
    private long sends;
    private long packets;

    /** Protects {@code packet} in place with {@code context} and adds it to {@code to}'s batch. */
    void add(PeerSink to, SrtpCryptoContext context, PacketBuffer packet) {
        if (!SrtpSession.protect(context, packet)) {
            return;
        }
        int n = packet.getLength();
        if (to != sink || closed || n > segment || segments == MAX_SEGMENTS || length + n > MAX_BYTES) {
            flush();
        }
        if (length == 0) {
            sink = to;
            segment = n;
        } else if (n < segment) {
            closed = true;
        }
        System.arraycopy(packet.getBuffer(), packet.getOffset(), bytes, length, n);
        length += n;
        segments++;
    }

    /** Hands what is gathered to its receiver's transport, if anything. */
    void flush() {
        if (length > 0) {
            sink.sendSegments(bytes, length, segment);
            sends++;
            packets += segments;
        }
        sink = null;
        length = 0;
        segment = 0;
        segments = 0;
        closed = false;
    }

    /** Hands over what is gathered and sends every batch this thread's transports queued. */
    void finish() {
        flush();
        GsoSender.sendQueued();
    }

    /** Batches handed over so far (for tests and benchmarks: {@link #packets()} / sends is the batching). */
    long sends() {
        return sends;
    }

    /** Packets sent so far. */
    long packets() {
        return packets;
    }
}
