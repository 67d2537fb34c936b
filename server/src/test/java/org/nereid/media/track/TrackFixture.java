package org.nereid.media.track;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.nereid.media.rtp.Bytes;
import org.nereid.media.rtp.Rtcp;
import org.nereid.media.rtp.Rtp;
import org.nereid.media.sdp.Codec;
import org.nereid.media.sdp.Codecs;
import org.nereid.media.srtp.PacketBuffer;
import org.nereid.media.srtp.SrtpKeys;
import org.nereid.media.srtp.SrtpProfile;
import org.nereid.media.srtp.SrtpSession;

/**
 * One publisher's VP8 up track forwarded to one receiver's down track between real SRTP
 * sessions, with what each side was sent recorded ({@link RecordingSink}): the base of the tests
 * of forwarding, resends, keyframe requests and sender reports. Also the keying material and VP8
 * packets the package's other tests use.
 */
abstract class TrackFixture {
    static final SrtpProfile PROFILE = SrtpProfile.AEAD_AES_128_GCM;
    static final Codec VP8 = Codecs.allowed(List.of("vp8")).get(0);

    /** SRTP keying material both ends of the tests' receivers share. */
    static byte[] material() {
        byte[] m = new byte[2 * (PROFILE.keyLength + PROFILE.saltLength)];
        for (int i = 0; i < m.length; i++) {
            m[i] = (byte) (i + 11);
        }
        return m;
    }

    /** A VP8 packet of SSRC 0xABCDEF, payload type 96, its sequence number's low byte at 20 (to tell copies apart). */
    static byte[] vp8(int seq, boolean keyframe) {
        byte[] p = new byte[112];
        p[0] = (byte) 0x80;
        p[1] = 96;
        Rtp.setSequence(p, 0, seq);
        Bytes.put32(p, 8, 0xABCDEF);
        p[12] = 0x10;
        p[13] = (byte) (keyframe ? 0x00 : 0x01);
        p[20] = (byte) seq;
        return p;
    }

    /** A publisher's track of codec {@code codecName} (no simulcast) on {@code fanOut}, bound to {@code ssrc}. */
    static UpTrack publishedTrack(String codecName, String mid, int payloadType, int ssrc, PeerSink publisher,
                                  FanOut fanOut) {
        Codec codec = Codecs.allowed(List.of(codecName)).get(0);
        UpTrack track = new UpTrack(mid, "", codec, payloadType, codec.feedback(), publisher, fanOut);
        track.latch(ssrc, null);
        return track;
    }

    final RecordingSink publisher = new RecordingSink();
    final RecordingSink receiver = new RecordingSink();
    final UpTrack up = new UpTrack("1", "", VP8, 96, VP8.feedback(), publisher);
    final SrtpSession receiverSide = new SrtpSession(SrtpKeys.fromKeyingMaterial(PROFILE, material(), false));
    final DownTrack down = new DownTrack(up, 0x5151, receiver);

    TrackFixture() {
        up.latch(0xABCDEF, null);
        down.setPayloadType(120);
        down.start(new SrtpSession(SrtpKeys.fromKeyingMaterial(PROFILE, material(), true)));
    }

    /** A packet the receiver got, unprotected with its keys. */
    byte[] unprotected(byte[] sent) {
        PacketBuffer p = new PacketBuffer().copyFrom(sent, 0, sent.length);
        assertTrue(SrtpSession.unprotect(receiverSide.receiveContext(0x5151), p));
        return Arrays.copyOf(p.getBuffer(), p.getLength());
    }

    /** The publisher sends a video frame of packets {@code first} to {@code last} (the marker on the last). */
    void sendFrame(int first, int last, boolean keyframe) {
        for (int seq = first; seq <= last; seq++) {
            byte[] p = vp8(seq, keyframe && seq == first);
            if (seq == last) {
                Rtp.setMarker(p, 0);
            }
            up.receive(p, 0, p.length);
        }
    }

    /** The receiver's generic NACK for these sequence numbers (ascending), as DownConnection hands it over. */
    void nack(int... seqs) {
        byte[] b = new byte[256];
        int n = Rtcp.writeNack(b, 0, 77, 0x5151, seqs, seqs.length, 16);
        down.nacked(b, 0, n);
    }
}
