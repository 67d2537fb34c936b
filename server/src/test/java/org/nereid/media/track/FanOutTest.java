package org.nereid.media.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nereid.media.track.TrackFixture.material;
import static org.nereid.media.track.TrackFixture.publishedTrack;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jitsi.srtp.SrtpCryptoContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.nereid.media.ice.GsoSender;
import org.nereid.media.rtp.Bytes;
import org.nereid.media.rtp.Rtp;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpKeys;
import org.nereid.media.srtp.SrtpProfile;
import org.nereid.media.srtp.SrtpSession;

/** A publisher's fan-out split over lanes on a real worker pool, with receivers joining and leaving meanwhile. */
class FanOutTest {
    private static final SrtpProfile PROFILE = SrtpProfile.AEAD_AES_128_GCM;
    /** Where each test packet carries its own number, which no rewriting touches. */
    private static final int MARK = 40;

    /** One receiver's connection: what it was sent, and whether two threads ever sent at once. */
    static class Receiver extends RtpOnlySink {
        final List<Integer> marks = new ArrayList<>();
        final AtomicBoolean busy = new AtomicBoolean();
        final AtomicInteger overlaps = new AtomicInteger();

        @Override
        public void sendRtp(SrtpCryptoContext context, PacketBuffer packet) {
            if (!busy.compareAndSet(false, true)) {
                overlaps.incrementAndGet();
                return;
            }
            synchronized (marks) {
                marks.add(Bytes.u16(packet.getBuffer(), packet.getOffset() + MARK));
            }
            busy.set(false);
        }

        List<Integer> marks() {
            synchronized (marks) {
                return List.copyOf(marks);
            }
        }
    }

    /** A receiver whose connection sends a batch in one call (UDP GSO): what each batch held. */
    final class BatchingReceiver extends Receiver {
        final List<Integer> batches = new ArrayList<>();
        private final SrtpSession keys = new SrtpSession(SrtpKeys.fromKeyingMaterial(PROFILE, material(), false));

        @Override
        public boolean sendsSegments() {
            return true;
        }

        @Override
        public void sendSegments(byte[] b, int len, int segment) {
            int n = 0;
            for (int off = 0; off < len; off += segment, n++) {
                PacketBuffer p = new PacketBuffer().copyFrom(b, off, Math.min(segment, len - off));
                assertTrue(SrtpSession.unprotect(keys.receiveContext(Rtp.ssrc(p.getBuffer(), 0)), p));
                synchronized (marks) {
                    marks.add(Bytes.u16(p.getBuffer(), MARK));
                }
            }
            batches.add(n);
        }
    }

    private final ExecutorService workers = Executors.newFixedThreadPool(3);
    private final SrtpSession srtp = new SrtpSession(SrtpKeys.fromKeyingMaterial(PROFILE, material(), true));
    private int nextSsrc = 0x1000;

    @AfterEach
    void stop() {
        workers.shutdownNow();
    }

    private static byte[] packet(int seq) {
        byte[] p = new byte[200];
        p[0] = (byte) 0x80;
        p[1] = 96;
        Rtp.setSequence(p, 0, seq & 0xFFFF);
        Bytes.put32(p, 8, 0xABCDEF);
        p[12] = 0x10;
        p[13] = 0x01; // not a keyframe: nothing is replayed to a new receiver, so each gets only the live stream
        p[MARK] = (byte) (seq >> 8);
        p[MARK + 1] = (byte) seq;
        return p;
    }

    private DownTrack receive(UpTrack up, Receiver r) {
        DownTrack d = new DownTrack(up, nextSsrc++, r);
        d.start(srtp);
        return d;
    }

    @Test
    void theFirstReceiversAreInlineThenLanesFillAndStayPerReceiver() {
        FanOut fanOut = new FanOut(workers, 2, 2, 2, 16, false);
        Receiver[] r = new Receiver[10];
        for (int i = 0; i < r.length; i++) {
            r[i] = new Receiver();
        }
        assertNull(fanOut.join(r[0]));
        assertNull(fanOut.join(r[1]));
        FanOutLane a = fanOut.join(r[2]);
        assertNotNull(a);
        assertSame(a, fanOut.join(r[3]), "a lane takes its share before another opens");
        FanOutLane b = fanOut.join(r[4]);
        assertNotSame(a, b);
        assertSame(b, fanOut.join(r[5]));
        assertSame(a, fanOut.join(r[6]), "no more lanes than allowed: the least loaded takes it");
        assertEquals(2, fanOut.lanes());
        assertNull(fanOut.join(r[0]), "a receiver's second track goes where its first went");
        assertSame(a, fanOut.join(r[2]));

        fanOut.leave(r[0]);
        assertSame(b, fanOut.join(r[7]), "r0 still has a track inline, so inline is full; b is the least loaded lane");
        fanOut.leave(r[0]);
        fanOut.leave(r[2]);
        fanOut.leave(r[2]);
        fanOut.leave(r[6]);
        assertNull(fanOut.join(r[8]), "the inline place r0 left is free again");
        assertSame(a, fanOut.join(r[9]), "a left two: it is the least loaded lane");
    }

    @Test
    void aLaneSendsEachReceiversRunOfATrackInOneBatch() {
        List<Runnable> queued = new ArrayList<>();
        FanOut fanOut = new FanOut(queued::add, 0, 16, 1, 64, false);
        System.setProperty(GsoSender.PROPERTY, "true");     // lanes made from now on batch
        UpTrack video = publishedTrack("vp8", "1", 96, 0xABCDEF, new Receiver(), fanOut);
        UpTrack audio = publishedTrack("opus", "0", 111, 0xABCDEF, new Receiver(), fanOut);
        BatchingReceiver gso = new BatchingReceiver();
        Receiver plain = new Receiver();    // a TURN-relayed or ICE-TCP pair, GSO off or unavailable
        try {
            for (Receiver r : List.of(gso, plain)) {
                receive(video, r);
                receive(audio, r);
            }
        } finally {
            System.clearProperty(GsoSender.PROPERTY);
        }

        for (int seq = 0; seq < 5; seq++) {
            byte[] p = packet(seq);
            video.receive(p, 0, p.length);
        }
        runAll(queued);
        assertEquals(List.of(5), gso.batches, "the run's five packets in one send");
        assertEquals(List.of(0, 1, 2, 3, 4), gso.marks());
        assertEquals(List.of(0, 1, 2, 3, 4), plain.marks(), "one by one, in order");

        for (int seq = 5; seq < 8; seq++) {
            byte[] p = packet(seq);
            p[1] = 111;
            audio.receive(p, 0, p.length);
        }
        byte[] single = packet(8);
        video.receive(single, 0, single.length);
        runAll(queued);
        assertEquals(List.of(5, 3, 1), gso.batches, "the audio run in one batch, then the lone video packet as one");
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), gso.marks());
        assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8), plain.marks());
    }

    private static void runAll(List<Runnable> queued) {
        while (!queued.isEmpty()) {
            queued.remove(0).run();
        }
    }

    @Test
    void everyReceiverGetsEveryPacketOnceAndInOrderWhileOthersJoinAndLeave() throws Exception {
        receiversJoinAndLeaveWhilePacketsFlow(false);
    }

    @Test
    void theSameWithTheInlineReceiversForwardedAtEachTurnsEnd() throws Exception {
        receiversJoinAndLeaveWhilePacketsFlow(true);
    }

    /**
     * 4000 packets to 10 steady receivers while others join and leave; with {@code batchInline},
     * the inline receivers' packets leave in turns of three, as the publisher's connection
     * drains them.
     */
    private void receiversJoinAndLeaveWhilePacketsFlow(boolean batchInline) throws Exception {
        FanOut fanOut = new FanOut(workers, 2, 3, 4, 64, batchInline);
        UpTrack up = publishedTrack("vp8", "1", 96, 0xABCDEF, new Receiver(), fanOut);
        List<Receiver> steady = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Receiver r = new Receiver();
            steady.add(r);
            receive(up, r);
        }
        int packets = 4000;
        AtomicBoolean producing = new AtomicBoolean(true);
        List<Receiver> churned = new ArrayList<>();
        Thread churn = new Thread(() -> {
            List<DownTrack> joined = new ArrayList<>();
            for (int i = 0; producing.get(); i++) {
                Receiver r = new Receiver();
                churned.add(r);
                joined.add(receive(up, r));
                if (i % 2 == 1) {
                    joined.remove(0).stop();
                }
                Thread.onSpinWait();
            }
            joined.forEach(DownTrack::stop);
        });
        churn.start();
        for (int seq = 0; seq < packets; seq++) {
            while (fanOut.backlog() > 32) {
                Thread.onSpinWait(); // keep the rings from filling: this test is about order, not overflow
            }
            byte[] p = packet(seq);
            up.receive(p, 0, p.length);
            if (seq % 3 == 2) {
                fanOut.forwardInline();
            }
        }
        fanOut.forwardInline();
        producing.set(false);
        churn.join();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (steady.stream().anyMatch(r -> r.marks().size() < packets) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        assertTrue(fanOut.lanes() >= 3, "the fan-out used lanes: " + fanOut.lanes());
        assertEquals(0, fanOut.dropped());
        for (Receiver r : steady) {
            List<Integer> marks = r.marks();
            assertEquals(packets, marks.size());
            for (int i = 0; i < packets; i++) {
                assertEquals(i, marks.get(i));
            }
        }
        assertTrue(churned.size() > 10, "receivers came and went: " + churned.size());
        for (Receiver r : churned) {
            List<Integer> marks = r.marks();
            for (int i = 1; i < marks.size(); i++) {
                assertEquals(marks.get(i - 1) + 1, marks.get(i), "each receiver's packets follow on, none twice");
            }
        }
        for (Receiver r : steady) {
            assertEquals(0, r.overlaps.get(), "one thread at a time sends to a receiver");
        }
        assertFalse(churned.stream().anyMatch(r -> r.overlaps.get() > 0));
    }
}
