package org.nereid.record;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records one published stream (at most one audio and one video track) to
 * WebM files, as Galène's disk writer does: RTP packets in, in any order, per
 * track; frames reassembled; a file started at the first video keyframe (or
 * the first audio frame of an audio-only stream) and a new one whenever the
 * video size changes.
 *
 * <p>Feed it from one thread off the packet path (it copies each payload and
 * writes to disk). Nothing it does throws into the caller: a disk error ends
 * the recording and is reported through {@link RecordingListener#failed}.
 * {@link #close} finishes the current file; it is idempotent.
 */
public final class StreamRecorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StreamRecorder.class);
    static final int AUDIO_WINDOW = 32;
    static final int VIDEO_WINDOW = 256;

    private final RecordingFiles files;
    private final String group;
    private final String username;
    private final RecordingListener listener;
    private final Clock clock;
    private final Track[] tracks;
    private final int videoIndex;
    private final BlockSorter sorter;

    private RecordingFiles.Created file;
    private WebmWriter writer;
    private double origin;
    private boolean useSenderReports;
    private int width;
    private int height;
    private boolean askedForFirstKeyframe;
    private boolean done;

    private static final class Track {
        final TrackInfo info;
        final int number;
        final JitterBuffer jitter;
        final Depacketizer depacketizer;
        final TrackClock clock;

        Track(TrackInfo info, int number) {
            this.info = info;
            this.number = number;
            this.jitter = new JitterBuffer(info.codec().audio() ? AUDIO_WINDOW : VIDEO_WINDOW);
            this.depacketizer = Depacketizer.forCodec(info.codec());
            this.clock = new TrackClock(info.codec().clockRate());
        }
    }

    /**
     * @param tracks   the stream's tracks, at most one audio and one video; the
     *                 index in this list is the track index of {@link #onRtp}
     * @param username the publisher's username, part of the file name (may be null)
     */
    public StreamRecorder(RecordingFiles files, String group, String username, List<TrackInfo> tracks,
                          RecordingListener listener, Clock clock) {
        long audio = tracks.stream().filter(t -> t.codec().audio()).count();
        if (tracks.isEmpty() || audio > 1 || tracks.size() - audio > 1) {
            throw new IllegalArgumentException("a recording takes one audio and/or one video track, not " + tracks);
        }
        this.files = files;
        this.group = group;
        this.username = username;
        this.listener = listener;
        this.clock = clock;
        this.tracks = new Track[tracks.size()];
        int video = -1;
        for (int i = 0; i < tracks.size(); i++) {
            TrackInfo info = tracks.get(i);
            // audio is track 1 when present, video follows, as in Galène's files
            int number = info.codec().audio() || audio == 0 ? 1 : 2;
            this.tracks[i] = new Track(info, number);
            if (!info.codec().audio()) {
                video = i;
            }
        }
        this.videoIndex = video;
        this.sorter = new BlockSorter(tracks.size());
    }

    /**
     * One RTP packet of a track, as received (SRTP removed).
     *
     * @param track         the track's index in the constructor's list
     * @param sequence      the RTP sequence number (16 bits)
     * @param timestamp     the RTP timestamp (32 bits, unsigned)
     * @param arrivalMillis when it arrived, on the clock used for every track of this stream
     */
    public synchronized void onRtp(int track, byte[] payload, int offset, int length, int sequence,
                                   long timestamp, boolean marker, long arrivalMillis) {
        if (done) {
            return;
        }
        try {
            Track t = tracks[track];
            long ext = t.clock.extend(timestamp);
            t.clock.arrival(ext, arrivalMillis);
            byte[] copy = Arrays.copyOfRange(payload, offset, offset + length);
            t.jitter.push(new JitterBuffer.Packet(copy, sequence & 0xFFFF, ext, marker),
                    (p, gap) -> onPacket(track, p, gap));
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    /** A sender report of a track: its NTP time (64 bits) and the matching RTP timestamp. */
    public synchronized void onSenderReport(int track, long ntpTime, long rtpTimestamp) {
        if (!done) {
            tracks[track].clock.senderReport(ntpTime, rtpTimestamp);
        }
    }

    /** The file being written, or null. */
    public synchronized Path currentFile() {
        return file == null ? null : file.path();
    }

    private void onPacket(int track, JitterBuffer.Packet p, boolean gap) {
        if (done) {
            return;
        }
        boolean video = track == videoIndex;
        if (video && (gap || (writer == null && !askedForFirstKeyframe))) {
            askedForFirstKeyframe = true;
            listener.keyframeNeeded();
        }
        Frame frame = tracks[track].depacketizer.push(p.payload(), p.timestamp(), p.marker(), gap);
        if (frame != null) {
            try {
                onFrame(track, frame);
            } catch (IOException e) {
                fail(e);
            }
        }
    }

    private void onFrame(int track, Frame f) throws IOException {
        boolean video = track == videoIndex;
        if (writer == null) {
            if (videoIndex >= 0 && !(video && f.keyframe())) {
                return;
            }
            open(track, f);
        } else if (video && f.keyframe() && f.width() > 0 && (f.width() != width || f.height() != height)) {
            LOG.info("recording of {} in group {}: video size {}x{}, starting a new file",
                    username, group, f.width(), f.height());
            finish();
            open(track, f);
        }
        long time = Math.round(tracks[track].clock.wallMs(f.timestamp(), useSenderReports) - origin);
        if (time < 0) {
            return;
        }
        sorter.add(track, tracks[track].number, time, f.keyframe(), f.data(), this::write);
    }

    private void write(BlockSorter.Block b) throws IOException {
        writer.writeFrame(b.track(), b.timeMs(), b.keyframe(), b.data(), 0, b.data().length);
    }

    private void open(int track, Frame first) throws IOException {
        useSenderReports = Arrays.stream(tracks).allMatch(t -> t.clock.hasSenderReport());
        origin = tracks[track].clock.wallMs(first.timestamp(), useSenderReports);
        width = first.width();
        height = first.height();
        List<WebmTrack> webm = new ArrayList<>();
        for (Track t : tracks) {
            webm.add(t.info.codec().audio()
                    ? WebmTrack.opus(t.number, t.info.channels())
                    : WebmTrack.video(t.number, t.info.codec(), width, height, first.codecPrivate()));
        }
        webm.sort((a, b) -> Integer.compare(a.number(), b.number()));
        file = files.create(group, username, clock.instant(), WebmWriter.webm(webm) ? "webm" : "mkv");
        writer = new WebmWriter(file.channel(), webm);
        LOG.info("recording of {} in group {} started: {}", username, group, file.path());
        listener.fileStarted(file.path());
    }

    private void finish() throws IOException {
        sorter.flush(this::write);
        sorter.reset();
        writer.close();
        file.channel().close();
        long duration = writer.durationMs();
        Path path = file.path();
        writer = null;
        file = null;
        LOG.info("recording of {} in group {} finished: {} ({} ms)", username, group, path, duration);
        listener.fileFinished(path, duration);
    }

    private void fail(Exception e) {
        Path path = file == null ? null : file.path();
        done = true;
        writer = null;
        if (file != null) {
            try {
                file.channel().close();
            } catch (IOException ignored) {
                // the file stays as written so far: a valid live WebM stream
            }
            file = null;
        }
        LOG.warn("recording of {} in group {} stopped: {}", username, group, e.toString());
        listener.failed(path, e);
    }

    /** Flushes what the jitter buffers hold and finishes the current file. */
    @Override
    public synchronized void close() {
        if (done) {
            return;
        }
        try {
            for (int i = 0; i < tracks.length; i++) {
                int track = i;
                tracks[i].jitter.flush((p, gap) -> onPacket(track, p, gap));
            }
            if (!done && writer != null) {
                finish();
            }
        } catch (IOException | RuntimeException e) {
            fail(e);
        }
        done = true;
    }
}
