package org.nereid.record;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * EBML encoding: element IDs used by the WebM writer and helpers that append
 * elements to a {@link ByteBuffer}. IDs are written with their marker bits, as
 * the Matroska specification lists them.
 */
final class Ebml {
    static final int EBML = 0x1A45DFA3;
    static final int EBML_VERSION = 0x4286;
    static final int EBML_READ_VERSION = 0x42F7;
    static final int EBML_MAX_ID_LENGTH = 0x42F2;
    static final int EBML_MAX_SIZE_LENGTH = 0x42F3;
    static final int DOC_TYPE = 0x4282;
    static final int DOC_TYPE_VERSION = 0x4287;
    static final int DOC_TYPE_READ_VERSION = 0x4285;
    static final int SEGMENT = 0x18538067;
    static final int SEEK_HEAD = 0x114D9B74;
    static final int SEEK = 0x4DBB;
    static final int SEEK_ID = 0x53AB;
    static final int SEEK_POSITION = 0x53AC;
    static final int INFO = 0x1549A966;
    static final int TIMECODE_SCALE = 0x2AD7B1;
    static final int DURATION = 0x4489;
    static final int MUXING_APP = 0x4D80;
    static final int WRITING_APP = 0x5741;
    static final int TRACKS = 0x1654AE6B;
    static final int TRACK_ENTRY = 0xAE;
    static final int TRACK_NUMBER = 0xD7;
    static final int TRACK_UID = 0x73C5;
    static final int TRACK_TYPE = 0x83;
    static final int FLAG_LACING = 0x9C;
    static final int CODEC_ID = 0x86;
    static final int CODEC_PRIVATE = 0x63A2;
    static final int CODEC_DELAY = 0x56AA;
    static final int SEEK_PRE_ROLL = 0x56BB;
    static final int VIDEO = 0xE0;
    static final int PIXEL_WIDTH = 0xB0;
    static final int PIXEL_HEIGHT = 0xBA;
    static final int AUDIO = 0xE1;
    static final int SAMPLING_FREQUENCY = 0xB5;
    static final int CHANNELS = 0x9F;
    static final int CLUSTER = 0x1F43B675;
    static final int TIMECODE = 0xE7;
    static final int SIMPLE_BLOCK = 0xA3;
    static final int CUES = 0x1C53BB6B;
    static final int CUE_POINT = 0xBB;
    static final int CUE_TIME = 0xB3;
    static final int CUE_TRACK_POSITIONS = 0xB7;
    static final int CUE_TRACK = 0xF7;
    static final int CUE_CLUSTER_POSITION = 0xF1;
    static final int VOID = 0xEC;

    /** The 8-byte size that means "unknown" (live streams, a file cut short). */
    static final long UNKNOWN_SIZE = 0x01FFFFFFFFFFFFFFL;

    private Ebml() {
    }

    static void id(ByteBuffer b, int id) {
        if ((id & 0xFF000000) != 0) {
            b.putInt(id);
        } else if ((id & 0xFF0000) != 0) {
            b.put((byte) (id >>> 16)).putShort((short) id);
        } else if ((id & 0xFF00) != 0) {
            b.putShort((short) id);
        } else {
            b.put((byte) id);
        }
    }

    /** Smallest vint encoding of a size (1–8 bytes). */
    static void size(ByteBuffer b, long size) {
        int len = 1;
        while (len < 8 && size >= (1L << (7 * len)) - 1) {
            len++;
        }
        sizeFixed(b, size, len);
    }

    /** A size encoded on exactly {@code len} bytes, so it can be overwritten later. */
    static void sizeFixed(ByteBuffer b, long size, int len) {
        long v = size | (1L << (7 * len));
        for (int i = len - 1; i >= 0; i--) {
            b.put((byte) (v >>> (8 * i)));
        }
    }

    static void uint(ByteBuffer b, int id, long value) {
        int len = 1;
        while (len < 8 && (value >>> (8 * len)) != 0) {
            len++;
        }
        id(b, id);
        size(b, len);
        for (int i = len - 1; i >= 0; i--) {
            b.put((byte) (value >>> (8 * i)));
        }
    }

    static void floatElement(ByteBuffer b, int id, double value) {
        id(b, id);
        size(b, 8);
        b.putDouble(value);
    }

    static void string(ByteBuffer b, int id, String value) {
        bytes(b, id, value.getBytes(StandardCharsets.UTF_8));
    }

    static void bytes(ByteBuffer b, int id, byte[] value) {
        id(b, id);
        size(b, value.length);
        b.put(value);
    }

    /** Opens a master element with an 8-byte size to be filled by {@link #closeMaster}; returns its size position. */
    static int openMaster(ByteBuffer b, int id) {
        id(b, id);
        int at = b.position();
        sizeFixed(b, UNKNOWN_SIZE, 8);
        return at;
    }

    static void closeMaster(ByteBuffer b, int sizeAt) {
        int end = b.position();
        b.position(sizeAt);
        sizeFixed(b, end - sizeAt - 8, 8);
        b.position(end);
    }

    /** A Void element of exactly {@code total} bytes (at least 2). */
    static void voidElement(ByteBuffer b, int total) {
        if (total < 2) {
            throw new IllegalArgumentException("a Void element needs at least 2 bytes");
        }
        b.put((byte) VOID);
        if (total >= 9) {
            sizeFixed(b, total - 9, 8);
            b.put(new byte[total - 9]);
        } else {
            sizeFixed(b, total - 2, 1);
            b.put(new byte[total - 2]);
        }
    }
}
