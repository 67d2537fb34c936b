package org.nereid.media.track;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.nereid.media.track.TrackFixture.material;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nereid.media.rtp.Bytes;
import org.nereid.media.rtp.ReportBlock;
import org.nereid.media.rtp.Rtcp;
import org.nereid.media.rtp.Rtp;
import org.nereid.media.rtp.SenderClock;
import org.nereid.media.sdp.Codec;
import org.nereid.media.sdp.Codecs;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpKeys;
import org.nereid.media.srtp.SrtpProfile;
import org.nereid.media.srtp.SrtpSession;

/**
 * A simulcast receiver switched from h to l by a lossy report, on a trace of VP8 packets
 * whose two layers have unrelated sequence numbers, timestamps and picture ids: the
 * switch waits for a keyframe of l, and the receiver sees one continuous stream; on l,
 * a rate probe's padding takes sequence numbers of its own within that stream.
 */
class LayerSwitchTest {
    private static final SrtpProfile PROFILE = SrtpProfile.AEAD_AES_128_GCM;
    private static final int H_SSRC = 0x1111;
    private static final int L_SSRC = 0x2222;

    private final RecordingSink publisher = new RecordingSink();
    private final RecordingSink receiver = new RecordingSink();
    private static final Codec VP8 = Codecs.allowed(List.of("vp8")).get(0);
    private final UpTrack high = new UpTrack("1", "h", VP8, 96, VP8.feedback(), publisher);
    private final UpTrack low = new UpTrack("1", "l", VP8, 96, VP8.feedback(), publisher);
    private final SrtpSession receiverSide = new SrtpSession(SrtpKeys.fromKeyingMaterial(PROFILE, material(), false));
    private final DownTrack down = new DownTrack(new UpTrack[] {low, high}, 0x5151, receiver);

    LayerSwitchTest() {
        high.latch(H_SSRC, null);
        low.latch(L_SSRC, null);
        down.start(new SrtpSession(SrtpKeys.fromKeyingMaterial(PROFILE, material(), true)));
    }

    /** A VP8 packet with a 15-bit picture id, TL0PICIDX and TID, {@code size} bytes long. */
    private static byte[] vp8(int ssrc, int seq, long ts, int pictureId, int tl0, boolean keyframe, boolean marker,
                              int size) {
        byte[] p = new byte[size];
        p[0] = (byte) 0x80;
        p[1] = (byte) (96 | (marker ? 0x80 : 0));
        Rtp.setSequence(p, 0, seq);
        Bytes.put32(p, 4, (int) ts);
        Bytes.put32(p, 8, ssrc);
        p[12] = (byte) 0x90; // X, S, partition 0
        p[13] = (byte) 0xE0; // I, L, T
        p[14] = (byte) (0x80 | (pictureId >> 8));
        p[15] = (byte) pictureId;
        p[16] = (byte) tl0;
        p[17] = 0;
        p[18] = (byte) (keyframe ? 0x00 : 0x01);
        return p;
    }

    private int unprotected;
    private byte[] last;
    private final List<byte[]> plain = new ArrayList<>();

    /** The last packet sent to the receiver, decrypted (all of them in order, as SRTP's rollover count needs). */
    private byte[] lastSent() {
        while (unprotected < receiver.rtp.size()) {
            byte[] sent = receiver.rtp.get(unprotected++);
            PacketBuffer p = new PacketBuffer().copyFrom(sent, 0, sent.length);
            assertTrue(SrtpSession.unprotect(receiverSide.receiveContext(0x5151), p));
            last = Arrays.copyOf(p.getBuffer(), p.getLength());
            plain.add(last);
        }
        return last;
    }

    private static int pictureId(byte[] p) {
        return ((p[14] & 0x7F) << 8) | (p[15] & 0xFF);
    }

    @Test
    void switchesDownOnAKeyframeOfTheLowLayerAndKeepsTheStreamContinuous() throws Exception {
        long start = System.nanoTime();
        high.sampleRates(start);
        low.sampleRates(start);
        // h: seq from 65530 (wraps), ts from 4294960000 (wraps), picture id 32760 (wraps)
        int hSeq = 65530;
        long hTs = 4_294_960_000L;
        int hPid = 32_760;
        for (int frame = 0; frame < 10; frame++, hPid = (hPid + 1) & 0x7FFF, hTs += 3000) {
            for (int i = 0; i < 3; i++) {
                byte[] p = vp8(H_SSRC, hSeq & 0xFFFF, hTs & 0xFFFFFFFFL, hPid, 9 + frame, frame == 0 && i == 0, i == 2,
                        1000);
                high.receive(p, 0, p.length);
                hSeq++;
            }
        }
        byte[] lastHigh = lastSent();
        assertEquals(30, receiver.rtp.size(), "h forwarded");
        assertEquals(hSeq - 1 & 0xFFFF, Rtp.sequence(lastHigh, 0), "the first layer keeps its numbers");

        // one second: h carries ~240 kbit/s here, l ~ a tenth; the receiver loses 60 %
        byte[] lp = vp8(L_SSRC, 100, 1000, 5, 77, false, true, 100);
        low.receive(lp, 0, lp.length);
        long now = start + 1_000_000_000L;
        high.sampleRates(now);
        low.sampleRates(now);
        down.receiverReport(new ReportBlock(0x5151, 0, 0, 1000, 0, 0, 0), now - 1_000_000_000L);
        down.receiverReport(new ReportBlock(0x5151, 153, 600, 2000, 0, 0, 0), now);
        assertEquals(high, down.forwardedLayer(), "no switch before a keyframe of l");

        byte[] delta = vp8(L_SSRC, 101, 4000, 6, 78, false, true, 100);
        low.receive(delta, 0, delta.length);
        assertEquals(30, receiver.rtp.size(), "l's delta frames are not forwarded");
        assertEquals(1, low.keyframeRequests(), "a keyframe of l was asked for (PLI)");
        byte[] more = vp8(H_SSRC, hSeq & 0xFFFF, hTs, hPid, 19, false, true, 1000);
        high.receive(more, 0, more.length);
        hSeq++;
        assertEquals(31, receiver.rtp.size(), "h still flows until l can take over");
        byte[] beforeSwitch = lastSent();

        Thread.sleep(40);
        byte[] key = vp8(L_SSRC, 102, 7000, 7, 79, true, false, 100);
        low.receive(key, 0, key.length);
        byte[] first = lastSent();
        assertEquals(low, down.forwardedLayer());
        assertEquals(1, down.layerSwitches());
        assertEquals(Rtp.sequence(beforeSwitch, 0) + 1 & 0xFFFF, Rtp.sequence(first, 0), "next sequence number");
        long step = Rtp.timestamp(first, 0) - Rtp.timestamp(beforeSwitch, 0) & 0xFFFFFFFFL;
        assertTrue(step >= 90 * 40 && step < 90 * 2000, "the timestamp advances by the time elapsed: " + step);
        assertEquals(pictureId(beforeSwitch) + 1 & 0x7FFF, pictureId(first), "next picture id");
        assertEquals((beforeSwitch[16] & 0xFF) + 1, first[16] & 0xFF, "next TL0PICIDX");

        byte[] next = vp8(L_SSRC, 103, 7000, 7, 79, false, true, 100);
        low.receive(next, 0, next.length);
        byte[] second = lastSent();
        assertEquals(Rtp.sequence(first, 0) + 1 & 0xFFFF, Rtp.sequence(second, 0));
        assertEquals(Rtp.timestamp(first, 0), Rtp.timestamp(second, 0), "same frame, same timestamp");
        int sent = receiver.rtp.size();
        byte[] stale = vp8(H_SSRC, hSeq & 0xFFFF, hTs + 3000, hPid + 1, 20, false, true, 1000);
        high.receive(stale, 0, stale.length);
        assertEquals(sent, receiver.rtp.size(), "h is no longer forwarded");

        // NACKs map back through the switch to the right layer's cache, rewritten as first sent
        // (SRTP's replay check rejects a second decryption: the header is in the clear)
        int firstIndex = receiver.rtp.size() - 2;
        assertTrue(down.resend(Rtp.sequence(first, 0), System.nanoTime()));
        byte[] again = receiver.rtp.get(receiver.rtp.size() - 1);
        assertEquals(Rtp.sequence(first, 0), Rtp.sequence(again, 0));
        assertEquals(Rtp.timestamp(first, 0), Rtp.timestamp(again, 0));
        assertEquals(receiver.rtp.get(firstIndex).length, again.length, "l's packet");
        assertTrue(down.resend(Rtp.sequence(beforeSwitch, 0), System.nanoTime()));
        byte[] oldHigh = receiver.rtp.get(receiver.rtp.size() - 1);
        assertEquals(Rtp.sequence(beforeSwitch, 0), Rtp.sequence(oldHigh, 0));
        assertEquals(Rtp.timestamp(beforeSwitch, 0), Rtp.timestamp(oldHigh, 0));
        assertEquals(receiver.rtp.get(firstIndex - 1).length, oldHigh.length, "h's packet");
        assertFalse(down.resend(Rtp.sequence(second, 0) + 5 & 0xFFFF, System.nanoTime()), "never sent");

        // our sender reports follow l's clock in the rewritten timeline: l's RTP time 7000 is
        // what the receiver got as the switch's timestamp
        long ntp = SenderClock.ntpNow();
        low.senderReport(ntp, 7000);
        byte[] sr = receiver.rtcp.get(receiver.rtcp.size() - 1);
        PacketBuffer b = new PacketBuffer().copyFrom(sr, 0, sr.length);
        assertTrue(receiverSide.unprotectRtcp(b));
        assertEquals(Rtcp.SR, Rtcp.type(b.getBuffer(), 0));
        long srNtp = (long) Bytes.i32(b.getBuffer(), 8) << 32 | Bytes.u32(b.getBuffer(), 12);
        long elapsed = SenderClock.nanosBetween(ntp, srNtp) * 90_000 / 1_000_000_000L;
        assertEquals(Rtp.timestamp(first, 0) + elapsed & 0xFFFFFFFFL, Bytes.u32(b.getBuffer(), 16), 90.0);
    }

    @Test
    void aNewReceiverGetsTheCachedKeyframeThroughTheRewriterAndTheWorkerCarriesOn() {
        for (int seq = 500; seq < 505; seq++) {
            byte[] p = vp8(H_SSRC, seq, 9000, 40, 3, seq == 501, seq == 504, 1000);
            high.receive(p, 0, p.length);
        }
        RecordingSink sink = new RecordingSink();
        DownTrack late = new DownTrack(new UpTrack[] {low, high}, 0x6161, sink);
        late.start(new SrtpSession(SrtpKeys.fromKeyingMaterial(PROFILE, material(), true)));
        assertEquals(0, sink.rtp.size(), "the worker replays, before the next packet of the source");
        byte[] lowFirst = vp8(L_SSRC, 80, 9000, 40, 3, false, true, 1000);
        low.receive(lowFirst, 0, lowFirst.length);
        assertEquals(0, sink.rtp.size(), "the low layer's packet neither starts the stream nor takes the replay");
        byte[] p = vp8(H_SSRC, 505, 12_000, 41, 4, false, true, 1000);
        high.receive(p, 0, p.length);
        assertEquals(1, late.keyframeReplays());
        assertEquals(high, late.forwardedLayer());
        assertEquals(5, sink.rtp.size(), "501 (the keyframe) to 504 replayed, and the worker carries on");
        assertEquals(5, late.packets(), "replayed packets count for our sender reports");
        assertEquals(505, Rtp.sequence(sink.rtp.get(4), 0), "no jump (the header is in the clear)");
        assertTrue(late.resend(502, System.nanoTime()), "a replayed packet is answered when NACKed");
        assertEquals(502, Rtp.sequence(sink.rtp.get(5), 0));
        assertEquals(0, late.layerSwitches(), "the replay is the stream's start, not a switch");
    }

    @Test
    void aProbeOnTheLowLayerPadsAfterFramesAndTheStreamStaysContinuous() throws Exception {
        long t = System.nanoTime();
        high.sampleRates(t);
        low.sampleRates(t);
        down.sampleRate(t);
        down.receiverReport(new ReportBlock(0x5151, 0, 0, 1000, 0, 0, 0), t);
        for (int i = 0; i < 30; i++) {
            byte[] p = vp8(H_SSRC, 1000 + i, 90_000 + 3000L * (i / 3), 10 + i / 3, 1, i == 0, i % 3 == 2, 1000);
            high.receive(p, 0, p.length);
        }
        // l starts with a keyframe; the receiver loses 60 %: down to l
        byte[] lk = vp8(L_SSRC, 200, 5000, 1, 1, true, true, 100);
        low.receive(lk, 0, lk.length);
        high.sampleRates(t + 1_000_000_000L);
        low.sampleRates(t + 1_000_000_000L);
        down.sampleRate(t + 1_000_000_000L);
        down.receiverReport(new ReportBlock(0x5151, 153, 18, 1030, 0, 0, 0), t + 1_000_000_000L);
        byte[] key = vp8(L_SSRC, 201, 8000, 2, 2, true, true, 100);
        low.receive(key, 0, key.length);
        assertEquals(low, down.forwardedLayer());
        // three seconds later (past the hold), a clean interval: h does not fit the estimate
        down.sampleRate(t + 4_000_000_000L);
        down.receiverReport(new ReportBlock(0x5151, 0, 18, 1060, 0, 0, 0), t + 4_000_000_000L);
        assertTrue(down.probe().probing(), "a probe towards h");
        assertEquals(1, down.probe().probes());
        assertTrue(high.receiversBitrate(t) > 0, "the publisher is asked for the layer probed towards");

        lastSent();
        int before = receiver.rtp.size();
        Thread.sleep(50);
        // the frame's last packet (203) comes before its first (202), which the publisher resends late
        byte[] frame = vp8(L_SSRC, 203, 11_000, 3, 2, false, true, 100);
        low.receive(frame, 0, frame.length);
        byte[] pad = lastSent();
        byte[] media = plain.get(before);
        int padded = receiver.rtp.size() - before - 1;
        assertTrue(padded >= 1, "padding after the frame's last packet");
        assertEquals(padded, down.probe().paddingPackets());
        assertTrue((pad[0] & 0x20) != 0, "the padding bit");
        assertEquals(12 + 255, pad.length);
        assertEquals(255, pad[pad.length - 1] & 0xFF, "all padding");
        assertEquals(Rtp.sequence(media, 0) + padded & 0xFFFF, Rtp.sequence(pad, 0), "numbers of its own");
        assertEquals(Rtp.timestamp(media, 0), Rtp.timestamp(pad, 0), "the frame's timestamp");
        assertEquals(0x5151, Rtp.ssrc(pad, 0));

        byte[] late = vp8(L_SSRC, 202, 11_000, 3, 2, false, false, 100);
        low.receive(late, 0, late.length);
        assertEquals(Rtp.sequence(media, 0) - 1 & 0xFFFF, Rtp.sequence(lastSent(), 0),
                "a late packet keeps its place before the padding");
        byte[] after = vp8(L_SSRC, 204, 14_000, 4, 2, false, false, 120);
        low.receive(after, 0, after.length);
        byte[] next = lastSent();
        assertEquals(Rtp.sequence(pad, 0) + 1 & 0xFFFF, Rtp.sequence(next, 0), "the stream goes on past the padding");
        assertEquals(pictureId(media) + 1 & 0x7FFF, pictureId(next));

        // NACKs: padding is resent as a tiny padding packet (the receiver would count it lost for
        // good), not counted as lost from the cache; media on both sides is resent from it
        long notCached = down.notCached();
        assertTrue(down.resend(Rtp.sequence(pad, 0), System.nanoTime()));
        byte[] padAgain = receiver.rtp.get(receiver.rtp.size() - 1);
        assertEquals(Rtp.sequence(pad, 0), Rtp.sequence(padAgain, 0));
        assertTrue(padAgain.length <= Rtp.FIXED_HEADER + 1 + 16, "padding only, one byte of it (and the SRTP tag)");
        assertEquals(notCached, down.notCached());
        assertTrue(down.resend(Rtp.sequence(next, 0), System.nanoTime()));
        byte[] again = receiver.rtp.get(receiver.rtp.size() - 1);
        assertEquals(Rtp.sequence(next, 0), Rtp.sequence(again, 0));
        assertEquals(Rtp.timestamp(next, 0), Rtp.timestamp(again, 0));
        assertTrue(down.resend(Rtp.sequence(media, 0), System.nanoTime()));
        byte[] older = receiver.rtp.get(receiver.rtp.size() - 1);
        assertEquals(Rtp.sequence(media, 0), Rtp.sequence(older, 0));
        assertEquals(Rtp.timestamp(media, 0), Rtp.timestamp(older, 0));
        assertEquals(receiver.rtp.get(before).length, older.length, "the frame before the padding");
    }
}
