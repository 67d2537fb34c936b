package org.nereid.media.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.nereid.media.track.TrackFixture.PROFILE;
import static org.nereid.media.track.TrackFixture.material;
import static org.nereid.media.track.TrackFixture.publishedTrack;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.SegmentedDatagramPacket;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.ice4j.ice.IceProcessingState;
import org.ice4j.util.BufferPool;
import org.jitsi.srtp.SrtpCryptoContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nereid.media.ice.GsoSender;
import org.nereid.media.ice.IceHost;
import org.nereid.media.ice.IceTransport;
import org.nereid.media.ice.LoopbackBrowser;
import org.nereid.media.rtp.Bytes;
import org.nereid.media.rtp.Rtp;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpKeys;
import org.nereid.media.srtp.SrtpSession;

/**
 * A publisher's inline receivers with UDP GSO, over real sockets on 127.0.0.1 and real SRTP:
 * the packets of one turn of the publisher's worker wait for its end, then leave per receiver
 * in one call for each run of a track's video, in the order they came.
 */
class InlineBatchTest {
    /** Where each test packet carries its number in the turn, which no rewriting touches. */
    private static final int MARK = 40;

    private final List<AutoCloseable> open = new ArrayList<>();
    private final SrtpSession sender = new SrtpSession(SrtpKeys.fromKeyingMaterial(PROFILE, material(), true));
    private final SrtpSession receiverSide = new SrtpSession(SrtpKeys.fromKeyingMaterial(PROFILE, material(), false));

    /** A receiver's connection on a real ICE pair: what it was given, per call. */
    private static final class IceSink extends RtpOnlySink {
        final IceTransport ice;
        /** Per call: the datagrams it held (a batch) or 0 (one packet through sendRtp). */
        final List<Integer> calls = new CopyOnWriteArrayList<>();

        IceSink(IceTransport ice) {
            this.ice = ice;
        }

        @Override
        public void sendRtp(SrtpCryptoContext context, PacketBuffer packet) {
            assertTrue(SrtpSession.protect(context, packet));
            calls.add(0);
            try {
                ice.send(packet.getBuffer(), packet.getOffset(), packet.getLength());
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }

        @Override
        public boolean sendsSegments() {
            return ice.sendsSegments();
        }

        @Override
        public void sendSegments(byte[] b, int len, int segment) {
            calls.add((len + segment - 1) / segment);
            try {
                ice.sendSegments(b, len, segment);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    @AfterEach
    void close() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    @Test
    void aTurnsPacketsLeaveAtItsEndOneBatchPerReceiverAndRun() throws Exception {
        assumeTrue(Epoll.isAvailable() && SegmentedDatagramPacket.isSupported(), "no epoll or UDP GSO here");
        IceHost host = gsoHost();
        FanOut fanOut = new FanOut(task -> {
            throw new AssertionError("inline receivers need no lane");
        }, 16, 16, 1, 64, true);
        UpTrack video = publishedTrack("vp8", "1", 96, 0xABCDEF, new PublisherSink(), fanOut);
        UpTrack audio = publishedTrack("opus", "0", 111, 0x123456, new PublisherSink(), fanOut);
        List<IceSink> sinks = new ArrayList<>();
        List<LoopbackBrowser> browsers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            CountDownLatch completed = new CountDownLatch(1);
            IceTransport ice = new IceTransport(host.lease(), false, b -> BufferPool.returnBuffer.invoke(b), (t, state) -> {
                if (state == IceProcessingState.COMPLETED) {
                    completed.countDown();
                }
            });
            open.add(ice);
            LoopbackBrowser browser = new LoopbackBrowser(true);
            open.add(browser);
            browser.connect(ice, completed);
            IceSink sink = new IceSink(ice);
            assertTrue(sink.sendsSegments(), "a host pair on a GSO host sends batches");
            for (UpTrack up : List.of(video, audio)) {
                new DownTrack(up, 0x5000 + 16 * i + (up == video ? 1 : 2), sink).start(sender);
            }
            sinks.add(sink);
            browsers.add(browser);
        }

        // one turn: four video packets of a frame, an audio packet, the frame's next video packet
        int mark = 0;
        for (int seq = 0; seq < 4; seq++) {
            video.receive(packet(96, 0xABCDEF, seq, mark++, 1000), 0, 1000);
        }
        audio.receive(packet(111, 0x123456, 0, mark++, 150), 0, 150);
        video.receive(packet(96, 0xABCDEF, 4, mark++, 1000), 0, 1000);
        for (int i = 0; i < sinks.size(); i++) {
            assertEquals(List.of(), sinks.get(i).calls, "nothing leaves before the turn ends");
            assertNull(browsers.get(i).next(100));
        }

        fanOut.forwardInline();
        for (int i = 0; i < sinks.size(); i++) {
            assertEquals(List.of(4, 1, 1), sinks.get(i).calls,
                    "the four video packets in one batch, the audio packet and the last video packet in one each");
            for (int expected = 0; expected < mark; expected++) {
                LoopbackBrowser.Received r = browsers.get(i).next(10_000);
                assertNotNull(r, "packet " + expected + " reached receiver " + i);
                PacketBuffer p = new PacketBuffer().copyFrom(r.data(), 0, r.data().length);
                assertTrue(SrtpSession.unprotect(receiverSide.receiveContext(Rtp.ssrc(p.getBuffer(), 0)), p),
                        "it authenticates with the receiver's keys");
                assertEquals(expected, Bytes.u16(p.getBuffer(), p.getOffset() + MARK), "in the order they came");
                assertEquals(host.port(), r.fromPort(), "from the shared port");
            }
            assertNull(browsers.get(i).next(200), "each packet once");
        }
        fanOut.forwardInline();
        assertEquals(List.of(4, 1, 1), sinks.get(0).calls, "a turn with nothing queued sends nothing");
    }

    /** A publisher's connection: the tests' keyframe requests go nowhere. */
    private static final class PublisherSink extends RtpOnlySink {
        @Override
        public void sendRtp(SrtpCryptoContext context, PacketBuffer packet) {
            throw new AssertionError("nothing is forwarded to the publisher");
        }
    }

    /** A host with the GSO send sockets, as the server makes it. */
    private IceHost gsoHost() {
        System.setProperty(GsoSender.PROPERTY, "true");
        try {
            IceHost h = new IceHost(List.of("127.0.0.1"), 0, 0);
            open.add(h);
            return h;
        } finally {
            System.clearProperty(GsoSender.PROPERTY);
        }
    }

    /** An RTP packet of {@code size} bytes; video is a VP8 packet that is not a keyframe's. */
    private static byte[] packet(int payloadType, int ssrc, int seq, int mark, int size) {
        byte[] p = new byte[size];
        p[0] = (byte) 0x80;
        p[1] = (byte) payloadType;
        Rtp.setSequence(p, 0, seq);
        Bytes.put32(p, 8, ssrc);
        p[12] = 0x10;
        p[13] = 0x01;
        p[MARK] = (byte) (mark >> 8);
        p[MARK + 1] = (byte) mark;
        return p;
    }
}
