package org.nereid.record;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** The OpusHead identification header (RFC 7845 §5.1), Matroska's CodecPrivate for A_OPUS. */
final class OpusHead {
    /** libopus's usual encoder look-ahead at 48 kHz; WebRTC does not signal it, so this is the customary value. */
    static final int PRE_SKIP = 312;
    /** CodecDelay in nanoseconds matching {@link #PRE_SKIP} samples at 48 kHz. */
    static final long CODEC_DELAY_NS = PRE_SKIP * 1_000_000_000L / 48000;
    /** SeekPreRoll of 80 ms, as the Matroska Opus mapping recommends. */
    static final long SEEK_PRE_ROLL_NS = 80_000_000L;

    private OpusHead() {
    }

    static byte[] of(int channels, int preSkip) {
        if (channels < 1 || channels > 2) {
            throw new IllegalArgumentException("only mono and stereo Opus are recorded, not " + channels + " channels");
        }
        ByteBuffer b = ByteBuffer.allocate(19).order(ByteOrder.LITTLE_ENDIAN);
        b.put("OpusHead".getBytes(StandardCharsets.US_ASCII));
        b.put((byte) 1);               // version
        b.put((byte) channels);
        b.putShort((short) preSkip);
        b.putInt(48000);               // input sample rate, informative
        b.putShort((short) 0);         // output gain
        b.put((byte) 0);               // channel mapping family 0: mono or stereo
        return b.array();
    }
}
