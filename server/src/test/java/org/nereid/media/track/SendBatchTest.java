package org.nereid.media.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nereid.media.track.TrackFixture.material;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.jitsi.srtp.SrtpCryptoContext;
import org.junit.jupiter.api.Test;
import org.nereid.media.rtp.Rtp;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpKeys;
import org.nereid.media.srtp.SrtpProfile;
import org.nereid.media.srtp.SrtpSession;

/**
 * A receiver's packets gathered into GSO sends: each send is segments of one size but a
 * shorter last, within the kernel's limits, and every segment is the packet protected.
 */
class SendBatchTest {
    private static final SrtpProfile PROFILE = SrtpProfile.AEAD_AES_128_GCM;
    private static final int SSRC = 0x1234;
    private static final int TAG = 16;

    private final SrtpSession sender = new SrtpSession(SrtpKeys.fromKeyingMaterial(PROFILE, material(), true));
    private final SrtpSession receiver = new SrtpSession(SrtpKeys.fromKeyingMaterial(PROFILE, material(), false));
    private final SrtpCryptoContext context = sender.sendContext(SSRC);
    private final SendBatch batch = new SendBatch();
    private int seq;

    /** What one sink was sent: per call, the sizes of its segments, each unprotected and checked. */
    private final class Sink extends RtpOnlySink {
        final List<List<Integer>> sends = new ArrayList<>();

        @Override
        public void sendRtp(SrtpCryptoContext ctx, PacketBuffer packet) {
            throw new AssertionError("a batch sends through sendSegments only");
        }

        @Override
        public boolean sendsSegments() {
            return true;
        }

        @Override
        public void sendSegments(byte[] b, int len, int segment) {
            List<Integer> sizes = new ArrayList<>();
            for (int off = 0; off < len; off += segment) {
                int n = Math.min(segment, len - off);
                PacketBuffer p = new PacketBuffer().copyFrom(b, off, n);
                assertTrue(SrtpSession.unprotect(receiver.receiveContext(SSRC), p), "segment " + sizes.size() + " authenticates");
                assertEquals(n - TAG, p.getLength());
                assertEquals((byte) (n - TAG), p.getBuffer()[p.getOffset() + p.getLength() - 1], "its own packet's bytes");
                sizes.add(p.getLength());
            }
            sends.add(sizes);
        }
    }

    @Test
    void equalPacketsAndAShorterLastGoInOneSend() {
        Sink s = new Sink();
        add(s, 1000, 1000, 1000, 990);
        batch.flush();
        assertEquals(List.of(List.of(1000, 1000, 1000, 990)), s.sends);
        assertEquals(1, batch.sends());
        assertEquals(4, batch.packets());
    }

    @Test
    void aRunOfUnequalPacketsIsSplitIntoEqualSizeGroups() {
        Sink s = new Sink();
        // a longer packet starts a new send; after a shorter one (the last) the next starts one too
        add(s, 200, 200, 201, 201, 201, 199, 201, 100);
        batch.flush();
        assertEquals(List.of(List.of(200, 200), List.of(201, 201, 201, 199), List.of(201, 100)), s.sends);
    }

    @Test
    void anotherReceiverOrTheKernelsLimitsStartANewSend() {
        Sink a = new Sink();
        Sink b = new Sink();
        add(a, 500, 500);
        add(b, 500);
        add(a, 500);
        add(a, repeat(500, 70));
        add(b, repeat(1200, 60));
        batch.flush();
        batch.flush();      // nothing left: sends nothing
        assertEquals(List.of(sizes(500, 2), sizes(500, SendBatch.MAX_SEGMENTS), sizes(500, 71 - SendBatch.MAX_SEGMENTS)),
                a.sends);
        int perSend = SendBatch.MAX_BYTES / (1200 + TAG);
        assertEquals(List.of(sizes(500, 1), sizes(1200, perSend), sizes(1200, 60 - perSend)), b.sends);
    }

    private void add(Sink to, int... sizes) {
        for (int size : sizes) {
            PacketBuffer p = PacketBuffer.scratch();
            byte[] b = p.getBuffer();
            Arrays.fill(b, 0, size, (byte) size);
            b[0] = (byte) 0x80;
            b[1] = 96;
            Rtp.setSequence(b, 0, seq++);
            Rtp.setSsrc(b, 0, SSRC);
            p.setOffset(0);
            p.setLength(size);
            batch.add(to, context, p);
        }
    }

    private static int[] repeat(int size, int n) {
        int[] a = new int[n];
        Arrays.fill(a, size);
        return a;
    }

    private static List<Integer> sizes(int size, int n) {
        return Collections.nCopies(n, size);
    }
}
