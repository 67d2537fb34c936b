package org.nereid.load.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A pre-encoded VP8 + Opus clip cut into RTP payloads once, at start: what a
 * publisher sends, in send order, looped. Nothing is encoded or decoded while
 * the load runs; packetizing is only slicing.
 */
public final class Clip {
    public static final String VIDEO_FILE = "video.ivf";
    public static final String AUDIO_FILE = "audio.ogg";
    /** VP8 payload per RTP packet, small enough for any path MTU with SRTP and IP headers. */
    static final int MAX_VIDEO_PAYLOAD = 1100;
    private static final int OPUS_FRAME_TICKS = 960;      // 20 ms at 48 kHz

    /** One RTP payload: when it is due from the loop's start, its RTP timestamp offset and marker. */
    public record Packet(boolean video, long dueNanos, long rtpTicks, boolean marker, byte[] payload) {
    }

    private final List<Packet> packets;
    private final long loopNanos;
    private final double bitsPerSecond;

    private Clip(List<Packet> packets, long loopNanos) {
        this.packets = List.copyOf(packets);
        this.loopNanos = loopNanos;
        this.bitsPerSecond = bitsPerSecond(packets, loopNanos);
    }

    /** Reads {@code video.ivf} and {@code audio.ogg} from {@code dir} (as {@code make-media} writes them), unpaced. */
    public static Clip load(Path dir) throws IOException {
        return load(dir, 0);
    }

    /**
     * Reads the clip, its video paced as a browser's pacer sends it: a frame's packets leave
     * one after another at {@code pacing} times the video's bitrate (Chromium's factor is 2.5),
     * so a keyframe of forty packets is spread over some 100 ms rather than sent at once.
     * {@code pacing} 0 sends each frame's packets together.
     */
    public static Clip load(Path dir, double pacing) throws IOException {
        Path video = dir.resolve(VIDEO_FILE);
        Path audio = dir.resolve(AUDIO_FILE);
        if (!Files.isRegularFile(video) || !Files.isRegularFile(audio)) {
            throw new IOException("The media directory " + dir + " has no " + VIDEO_FILE + " and " + AUDIO_FILE
                    + "; make them first with: java -jar nereid-load.jar make-media --out " + dir);
        }
        List<Ivf.Frame> frames = Ivf.read(video);
        List<byte[]> opus = OggOpus.read(audio);
        if (frames.size() < 2 || opus.isEmpty()) {
            throw new IOException("The clip in " + dir + " is too short to loop.");
        }
        double frameSeconds = frames.get(1).seconds() - frames.get(0).seconds();
        long loopNanos = Math.round((frames.get(frames.size() - 1).seconds() - frames.get(0).seconds() + frameSeconds) * 1e9);
        List<Packet> result = new ArrayList<>();
        for (Ivf.Frame f : frames) {
            long due = Math.round((f.seconds() - frames.get(0).seconds()) * 1e9);
            packetizeVp8(f.data(), due, Math.round((f.seconds() - frames.get(0).seconds()) * 90000), result);
        }
        if (pacing > 0) {
            pace(result, pacing * bitsPerSecond(result, loopNanos));
        }
        for (int i = 0; i < opus.size(); i++) {
            long due = i * 20_000_000L;
            if (due >= loopNanos) {
                break;          // audio longer than video: the loop follows the video
            }
            result.add(new Packet(false, due, (long) i * OPUS_FRAME_TICKS, false, opus.get(i)));
        }
        result.sort(Comparator.comparingLong(Packet::dueNanos));
        return new Clip(result, loopNanos);
    }

    /**
     * A pacer's queue over packets in frame order: each leaves when it is due or when the one
     * before it has gone out at {@code bitsPerSecond}, whichever is later.
     */
    static void pace(List<Packet> video, double bitsPerSecond) {
        long free = Long.MIN_VALUE;
        for (int i = 0; i < video.size(); i++) {
            Packet p = video.get(i);
            long leaves = Math.max(p.dueNanos(), free);
            free = leaves + Math.round(p.payload().length * 8 / bitsPerSecond * 1e9);
            video.set(i, new Packet(p.video(), leaves, p.rtpTicks(), p.marker(), p.payload()));
        }
    }

    private static double bitsPerSecond(List<Packet> packets, long loopNanos) {
        return packets.stream().mapToLong(p -> p.payload().length).sum() * 8 / (loopNanos / 1e9);
    }

    /** RFC 7741: a one-byte payload descriptor, S set on the frame's first packet, marker on its last. */
    static void packetizeVp8(byte[] frame, long due, long ticks, List<Packet> out) {
        int count = (frame.length + MAX_VIDEO_PAYLOAD - 1) / MAX_VIDEO_PAYLOAD;
        int size = (frame.length + count - 1) / count;      // even sizes, as browsers send
        for (int i = 0, at = 0; i < count; i++, at += size) {
            int n = Math.min(size, frame.length - at);
            byte[] payload = new byte[1 + n];
            payload[0] = (byte) (i == 0 ? 0x10 : 0x00);
            System.arraycopy(frame, at, payload, 1, n);
            out.add(new Packet(true, due, ticks, i == count - 1, payload));
        }
    }

    public List<Packet> packets() {
        return packets;
    }

    /** The loop's length: the next loop starts this long after the previous one. */
    public long loopNanos() {
        return loopNanos;
    }

    /** RTP payload bits per second, audio and video together. */
    public double bitsPerSecond() {
        return bitsPerSecond;
    }
}
