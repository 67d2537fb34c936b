package org.nereid.record;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.List;

/**
 * Streams a WebM file through a {@link FileChannel}, with bounded memory: an
 * output buffer, and the cue points (two longs per video keyframe cluster).
 *
 * <p>The file is playable at every moment, as a live stream: the Segment and
 * the Cluster being written have the "unknown" size, the SeekHead and Duration
 * are Void placeholders. Each Cluster's size is written when the next one
 * starts; {@link #close} writes the Cues, then fills in the SeekHead, the
 * Duration and the Segment size, which makes the file seekable.
 *
 * <p>Not thread-safe: one owner feeds it. Blocks must come in (roughly)
 * increasing time; a block up to 32 s before its cluster's time is written
 * with a negative relative time, anything earlier is clamped.
 */
public final class WebmWriter implements Closeable {
    static final String APP = "Nereid";
    /** Clusters start at video keyframes, and at the latest after this long. */
    static final long MAX_CLUSTER_MS = 5000;
    private static final int SEEK_HEAD_RESERVE = 128;
    private static final int DURATION_RESERVE = 11;
    private static final int BUFFER_SIZE = 256 * 1024;

    private final FileChannel channel;
    private final List<WebmTrack> tracks;
    private final boolean hasVideo;
    private final ByteBuffer out = ByteBuffer.allocate(BUFFER_SIZE);
    private long flushed;                 // bytes of the file already written through the channel
    private final long segmentSizeAt;
    private final long segmentDataStart;
    private final long seekHeadAt;
    private final long durationAt;
    private long infoAt;
    private long tracksAt;
    private long clusterSizeAt = -1;      // size field of the open cluster, -1 before the first
    private long clusterTime;
    private boolean clusterHasBlocks;
    private long maxTime;
    private long[] cues = new long[64];   // pairs: time, cluster position relative to the segment data
    private int cueCount;
    private int cueTrack;
    private boolean closed;

    public WebmWriter(FileChannel channel, List<WebmTrack> tracks) throws IOException {
        if (tracks.isEmpty()) {
            throw new IllegalArgumentException("a WebM file needs at least one track");
        }
        this.channel = channel;
        this.tracks = List.copyOf(tracks);
        this.hasVideo = tracks.stream().anyMatch(t -> !t.audio());
        this.cueTrack = tracks.stream().filter(t -> !t.audio()).findFirst().orElse(tracks.get(0)).number();
        flushed = channel.position();

        int ebml = Ebml.openMaster(out, Ebml.EBML);
        Ebml.uint(out, Ebml.EBML_VERSION, 1);
        Ebml.uint(out, Ebml.EBML_READ_VERSION, 1);
        Ebml.uint(out, Ebml.EBML_MAX_ID_LENGTH, 4);
        Ebml.uint(out, Ebml.EBML_MAX_SIZE_LENGTH, 8);
        // a codec WebM lacks (H.264) makes the file plain Matroska, of which WebM is a subset
        Ebml.string(out, Ebml.DOC_TYPE, webm(tracks) ? "webm" : "matroska");
        Ebml.uint(out, Ebml.DOC_TYPE_VERSION, 4);
        Ebml.uint(out, Ebml.DOC_TYPE_READ_VERSION, 2);
        Ebml.closeMaster(out, ebml);

        Ebml.id(out, Ebml.SEGMENT);
        segmentSizeAt = position();
        Ebml.sizeFixed(out, Ebml.UNKNOWN_SIZE, 8);
        segmentDataStart = position();

        seekHeadAt = position();
        Ebml.voidElement(out, SEEK_HEAD_RESERVE);

        infoAt = position();
        int info = Ebml.openMaster(out, Ebml.INFO);
        Ebml.uint(out, Ebml.TIMECODE_SCALE, 1_000_000);
        Ebml.string(out, Ebml.MUXING_APP, APP);
        Ebml.string(out, Ebml.WRITING_APP, APP);
        durationAt = position();
        Ebml.voidElement(out, DURATION_RESERVE);
        Ebml.closeMaster(out, info);

        tracksAt = position();
        int tracksElement = Ebml.openMaster(out, Ebml.TRACKS);
        for (WebmTrack t : this.tracks) {
            writeTrackEntry(t);
        }
        Ebml.closeMaster(out, tracksElement);
        flush();
    }

    /** Whether every track's codec is one WebM allows (else the file is Matroska, .mkv). */
    public static boolean webm(List<WebmTrack> tracks) {
        return tracks.stream().allMatch(t -> t.codec().webm());
    }

    private void writeTrackEntry(WebmTrack t) {
        int entry = Ebml.openMaster(out, Ebml.TRACK_ENTRY);
        Ebml.uint(out, Ebml.TRACK_NUMBER, t.number());
        Ebml.uint(out, Ebml.TRACK_UID, t.number());
        Ebml.uint(out, Ebml.TRACK_TYPE, t.audio() ? 2 : 1);
        Ebml.uint(out, Ebml.FLAG_LACING, 0);
        Ebml.string(out, Ebml.CODEC_ID, t.codec().matroskaId());
        if (t.codecPrivate() != null) {
            Ebml.bytes(out, Ebml.CODEC_PRIVATE, t.codecPrivate());
        }
        if (t.audio()) {
            if (t.codec() == RecordCodec.OPUS) {
                Ebml.uint(out, Ebml.CODEC_DELAY, OpusHead.CODEC_DELAY_NS);
                Ebml.uint(out, Ebml.SEEK_PRE_ROLL, OpusHead.SEEK_PRE_ROLL_NS);
            }
            int audio = Ebml.openMaster(out, Ebml.AUDIO);
            Ebml.floatElement(out, Ebml.SAMPLING_FREQUENCY, t.sampleRate());
            Ebml.uint(out, Ebml.CHANNELS, t.channels());
            Ebml.closeMaster(out, audio);
        } else {
            int video = Ebml.openMaster(out, Ebml.VIDEO);
            Ebml.uint(out, Ebml.PIXEL_WIDTH, t.width());
            Ebml.uint(out, Ebml.PIXEL_HEIGHT, t.height());
            Ebml.closeMaster(out, video);
        }
        Ebml.closeMaster(out, entry);
    }

    /**
     * Writes one frame as a SimpleBlock.
     *
     * @param track    the track number
     * @param timeMs   the frame's time in ms from the start of the file (not negative)
     * @param keyframe whether the frame can be decoded on its own
     */
    public void writeFrame(int track, long timeMs, boolean keyframe, byte[] data, int off, int len)
            throws IOException {
        if (closed) {
            throw new IOException("the WebM writer is closed");
        }
        boolean video = !trackAudio(track);
        if (clusterSizeAt < 0
                || (video && keyframe && clusterHasBlocks)
                || timeMs - clusterTime > Short.MAX_VALUE
                || timeMs - clusterTime >= MAX_CLUSTER_MS) {
            startCluster(Math.max(timeMs, 0), hasVideo ? video && keyframe : true);
        }
        long relative = Math.max(Short.MIN_VALUE, timeMs - clusterTime);
        int payload = 4 + len;
        ensure(1 + 8 + 4);
        Ebml.id(out, Ebml.SIMPLE_BLOCK);
        Ebml.size(out, payload);
        out.put((byte) (0x80 | track));
        out.putShort((short) relative);
        out.put((byte) (keyframe ? 0x80 : 0));
        put(data, off, len);
        clusterHasBlocks = true;
        maxTime = Math.max(maxTime, timeMs);
    }

    private boolean trackAudio(int number) {
        for (WebmTrack t : tracks) {
            if (t.number() == number) {
                return t.audio();
            }
        }
        throw new IllegalArgumentException("no track " + number + " in this file");
    }

    private void startCluster(long time, boolean cue) throws IOException {
        finishCluster();
        long at = position();
        if (cue) {
            addCue(time, at - segmentDataStart);
        }
        ensure(4 + 8 + 11);
        Ebml.id(out, Ebml.CLUSTER);
        clusterSizeAt = position();
        Ebml.sizeFixed(out, Ebml.UNKNOWN_SIZE, 8);
        Ebml.uint(out, Ebml.TIMECODE, time);
        clusterTime = time;
        clusterHasBlocks = false;
    }

    /** Writes the finished cluster's size over its "unknown" size. */
    private void finishCluster() throws IOException {
        if (clusterSizeAt < 0) {
            return;
        }
        flush();
        patchSize(clusterSizeAt, position() - clusterSizeAt - 8);
    }

    private void addCue(long time, long clusterPosition) {
        if (cueCount * 2 == cues.length) {
            cues = Arrays.copyOf(cues, cues.length * 2);
        }
        cues[cueCount * 2] = time;
        cues[cueCount * 2 + 1] = clusterPosition;
        cueCount++;
    }

    private long position() {
        return flushed + out.position();
    }

    private void ensure(int bytes) throws IOException {
        if (out.remaining() < bytes) {
            flush();
        }
    }

    private void put(byte[] data, int off, int len) throws IOException {
        if (len > out.remaining()) {
            flush();
        }
        if (len > out.capacity()) {
            ByteBuffer direct = ByteBuffer.wrap(data, off, len);
            while (direct.hasRemaining()) {
                flushed += channel.write(direct, flushed);
            }
        } else {
            out.put(data, off, len);
        }
    }

    private void flush() throws IOException {
        out.flip();
        while (out.hasRemaining()) {
            flushed += channel.write(out, flushed);
        }
        out.clear();
    }

    private void patchSize(long at, long size) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(8);
        Ebml.sizeFixed(b, size, 8);
        writeAt(b, at);
    }

    private void writeAt(ByteBuffer b, long at) throws IOException {
        b.flip();
        long pos = at;
        while (b.hasRemaining()) {
            pos += channel.write(b, pos);
        }
    }

    /** The file's duration so far, in ms. */
    public long durationMs() {
        return maxTime;
    }

    /**
     * Finishes the file: the last cluster's size, the Cues, the SeekHead, the
     * Duration and the Segment size, then forces it to disk. Idempotent; the
     * channel is left to its owner.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        finishCluster();
        long cuesAt = position();
        writeCues();
        flush();
        long end = position();

        ByteBuffer head = ByteBuffer.allocate(SEEK_HEAD_RESERVE);
        int seekHead = Ebml.openMaster(head, Ebml.SEEK_HEAD);
        seekEntry(head, Ebml.INFO, infoAt);
        seekEntry(head, Ebml.TRACKS, tracksAt);
        if (cueCount > 0) {
            seekEntry(head, Ebml.CUES, cuesAt);
        }
        Ebml.closeMaster(head, seekHead);
        Ebml.voidElement(head, head.remaining());
        writeAt(head, seekHeadAt);

        ByteBuffer duration = ByteBuffer.allocate(DURATION_RESERVE);
        Ebml.floatElement(duration, Ebml.DURATION, maxTime);
        writeAt(duration, durationAt);

        patchSize(segmentSizeAt, end - segmentDataStart);
        channel.force(true);
    }

    private void seekEntry(ByteBuffer b, int id, long at) {
        int seek = Ebml.openMaster(b, Ebml.SEEK);
        Ebml.bytes(b, Ebml.SEEK_ID, ByteBuffer.allocate(4).putInt(id).array());
        Ebml.id(b, Ebml.SEEK_POSITION);
        Ebml.size(b, 8);
        b.putLong(at - segmentDataStart);
        Ebml.closeMaster(b, seek);
    }

    private void writeCues() throws IOException {
        if (cueCount == 0) {
            return;
        }
        ensure(12);
        Ebml.id(out, Ebml.CUES);
        long sizeAt = position();
        Ebml.sizeFixed(out, Ebml.UNKNOWN_SIZE, 8);
        for (int i = 0; i < cueCount; i++) {
            ensure(64);
            int point = Ebml.openMaster(out, Ebml.CUE_POINT);
            Ebml.uint(out, Ebml.CUE_TIME, cues[2 * i]);
            int positions = Ebml.openMaster(out, Ebml.CUE_TRACK_POSITIONS);
            Ebml.uint(out, Ebml.CUE_TRACK, cueTrack);
            Ebml.uint(out, Ebml.CUE_CLUSTER_POSITION, cues[2 * i + 1]);
            Ebml.closeMaster(out, positions);
            Ebml.closeMaster(out, point);
        }
        flush();
        patchSize(sizeAt, position() - sizeAt - 8);
    }
}
