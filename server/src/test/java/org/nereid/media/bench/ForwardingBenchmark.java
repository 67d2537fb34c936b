package org.nereid.media.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jitsi.srtp.SrtpCryptoContext;
import org.nereid.media.rtp.Bytes;
import org.nereid.media.rtp.Rtp;
import org.nereid.media.sdp.Codec;
import org.nereid.media.sdp.Codecs;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpKeys;
import org.nereid.media.srtp.SrtpProfile;
import org.nereid.media.srtp.SrtpSession;
import org.nereid.media.track.DownTrack;
import org.nereid.media.track.RtpOnlySink;
import org.nereid.media.track.UpTrack;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The SFU's per-packet path with the real classes: SRTP-unprotect an incoming
 * 1200-byte VP8 packet, store it in the track's cache, and for each of N
 * receivers copy it, rewrite SSRC and payload type, SRTP-protect it with that
 * receiver's keys and (with {@code udp=true}) send it on a loopback UDP socket:
 * one that nobody reads, or (with {@code read=true} too) that receiver's own,
 * read on another thread as the load tool reads its sockets ({@link ReadSockets}).
 *
 * <p>Unprotecting needs a fresh sequence number each time, so every call
 * first protects a new packet as the publisher would; {@link #publisherOnly}
 * measures that part alone, to be subtracted.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ForwardingBenchmark {
    private static final int SSRC = 0x1234567;
    private static final int LENGTH = 1200;

    @Param({"1", "4", "16"})
    public int receivers;

    @Param({"AEAD_AES_128_GCM", "AES128_CM_HMAC_SHA1_80"})
    public SrtpProfile profile;

    @Param({"true", "false"})
    public boolean udp;

    @Param({"false"})
    public boolean read;

    private final byte[] template = new byte[LENGTH];
    private final PacketBuffer incoming = new PacketBuffer();
    private SrtpCryptoContext publisherSend;
    private SrtpCryptoContext sfuReceive;
    private UpTrack track;
    private DatagramChannel sender;
    private DatagramChannel sink;
    private ReadSockets readers;
    private int floorTarget;
    private int seq;
    private JdkProtect floor;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        byte[] material = new byte[2 * (profile.keyLength + profile.saltLength)];
        for (int i = 0; i < material.length; i++) {
            material[i] = (byte) (31 * i + 1);
        }
        // the publisher is the DTLS client, the SFU the server
        publisherSend = new SrtpSession(SrtpKeys.fromKeyingMaterial(profile, material, false)).sendContext(SSRC);
        sfuReceive = new SrtpSession(SrtpKeys.fromKeyingMaterial(profile, material, true)).receiveContext(SSRC);
        template[0] = (byte) 0x80;
        template[1] = 96;
        Bytes.put32(template, 8, SSRC);
        template[12] = 0x10;    // VP8 descriptor: start of partition
        template[13] = 0x01;    // inter frame
        for (int i = 14; i < LENGTH; i++) {
            template[i] = (byte) i;
        }
        floor = new JdkProtect(profile);
        sink = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
        if (read) {
            readers = new ReadSockets(receivers);
            sender = DatagramChannel.open();
        } else {
            sender = DatagramChannel.open().connect(sink.getLocalAddress());
        }
        Codec vp8 = Codecs.allowed(List.of("vp8")).get(0);
        track = new UpTrack("0", "", vp8, 96, vp8.feedback(), new Sink(null));
        track.latch(SSRC, sfuReceive);
        for (int i = 0; i < receivers; i++) {
            byte[] keys = material.clone();
            keys[0] = (byte) i;
            DownTrack down = new DownTrack(track, 1000 + i, new Sink(read ? readers.address(i) : null));
            down.start(new SrtpSession(SrtpKeys.fromKeyingMaterial(profile, keys, true)));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        sender.close();
        sink.close();
        if (readers != null) {
            readers.close();
        }
    }

    /** Datagrams the reading sockets have read so far (0 without {@code read}). */
    long datagramsRead() {
        return readers == null ? 0 : readers.read();
    }

    private PacketBuffer freshPacket() {
        System.arraycopy(template, 0, incoming.getBuffer(), 0, LENGTH);
        incoming.setOffset(0);
        incoming.setLength(LENGTH);
        seq++;
        Rtp.setSequence(incoming.getBuffer(), 0, seq & 0xFFFF);
        Bytes.put32(incoming.getBuffer(), 4, seq * 3000);
        SrtpSession.protect(publisherSend, incoming);
        return incoming;
    }

    /**
     * The floor the path is judged against, measured in the same run so that
     * load from elsewhere weighs on both: one packet protected with the JDK's
     * own cipher and MAC (no SRTP library) and, with {@code udp=true}, written
     * to the socket (with {@code read=true}, to each reading socket in turn).
     */
    @Benchmark
    public int floor() {
        int length = floor.protect(template, LENGTH, incoming.getBuffer());
        InetSocketAddress target = null;
        if (readers != null) {
            target = readers.address(floorTarget);
            floorTarget = (floorTarget + 1) % readers.count();
        }
        send(incoming.getBuffer(), 0, length, target);
        return length;
    }

    /** The publisher's share: copy and protect a fresh packet. */
    @Benchmark
    public int publisherOnly() {
        return freshPacket().getLength();
    }

    /** The publisher's share plus the SFU's path for one incoming packet and its N copies. */
    @Benchmark
    public int forward() {
        PacketBuffer p = freshPacket();
        if (!SrtpSession.unprotect(sfuReceive, p)) {
            throw new IllegalStateException("unprotect failed");
        }
        byte[] b = p.getBuffer();
        int off = Rtp.stripExtension(b, p.getOffset(), p.getLength());
        track.receive(b, off, p.getLength() - (off - p.getOffset()));
        return p.getLength();
    }

    private byte[] wrapped;
    private ByteBuffer view;

    /**
     * When {@code udp} is set: writes to the connected socket nobody reads, or with a
     * target (a reading socket) sends there as the server sends to each receiver.
     */
    private void send(byte[] array, int offset, int length, InetSocketAddress target) {
        if (!udp) {
            return;
        }
        if (array != wrapped) {
            wrapped = array;
            view = ByteBuffer.wrap(wrapped);
        }
        view.limit(offset + length).position(offset);
        try {
            if (target == null) {
                sender.write(view);
            } else {
                sender.send(view, target);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Protects with the receiver's context and sends to its socket (null: the one nobody reads). */
    private final class Sink extends RtpOnlySink {
        private final InetSocketAddress target;

        Sink(InetSocketAddress target) {
            this.target = target;
        }

        @Override
        public void sendRtp(SrtpCryptoContext context, PacketBuffer packet) {
            if (!SrtpSession.protect(context, packet)) {
                throw new IllegalStateException("protect failed");
            }
            send(packet.getBuffer(), packet.getOffset(), packet.getLength(), target);
        }
    }
}
