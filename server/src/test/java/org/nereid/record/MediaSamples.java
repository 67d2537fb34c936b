package org.nereid.record;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Real VP8 and Opus frames made by Debian's ffmpeg, read back from IVF and Ogg by small readers. */
final class MediaSamples {
    record VideoFrame(byte[] data, long pts) {
    }

    private MediaSamples() {
    }

    static boolean ffmpegPresent() {
        return Files.isExecutable(Path.of("/usr/bin/ffmpeg")) && Files.isExecutable(Path.of("/usr/bin/ffprobe"));
    }

    /** Runs a command; returns {exit code, stdout, stderr}. */
    static String[] run(Path dir, String... command) throws IOException, InterruptedException {
        Path out = Files.createTempFile(dir, "out", ".txt");
        Path err = Files.createTempFile(dir, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out: " + String.join(" ", command));
        }
        return new String[] {Integer.toString(p.exitValue()), Files.readString(out), Files.readString(err)};
    }

    static List<VideoFrame> vp8(Path dir, String size, double seconds) throws Exception {
        Path ivf = dir.resolve("video-" + size + ".ivf");
        String[] r = run(dir, "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=" + size + ":rate=30",
                "-t", Double.toString(seconds), "-c:v", "libvpx", "-g", "30", "-b:v", "400k",
                "-deadline", "realtime", "-f", "ivf", ivf.toString());
        if (!r[0].equals("0")) {
            throw new IOException("ffmpeg failed: " + r[2]);
        }
        return readIvf(Files.readAllBytes(ivf));
    }

    static List<byte[]> opus(Path dir, double seconds) throws Exception {
        Path ogg = dir.resolve("audio.ogg");
        String[] r = run(dir, "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", Double.toString(seconds), "-ac", "2", "-c:a", "libopus", "-frame_duration", "20",
                "-f", "ogg", ogg.toString());
        if (!r[0].equals("0")) {
            throw new IOException("ffmpeg failed: " + r[2]);
        }
        List<byte[]> packets = readOgg(Files.readAllBytes(ogg));
        return packets.subList(2, packets.size());          // OpusHead and OpusTags are not audio
    }

    static List<VideoFrame> readIvf(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (!new String(file, 0, 4, StandardCharsets.US_ASCII).equals("DKIF")) {
            throw new IllegalArgumentException("not an IVF file");
        }
        b.position(b.getShort(6));
        List<VideoFrame> frames = new ArrayList<>();
        while (b.remaining() >= 12) {
            int size = b.getInt();
            long pts = b.getLong();
            byte[] data = new byte[size];
            b.get(data);
            frames.add(new VideoFrame(data, pts));
        }
        return frames;
    }

    static List<byte[]> readOgg(byte[] file) {
        List<byte[]> packets = new ArrayList<>();
        byte[] partial = new byte[0];
        int at = 0;
        while (at + 27 <= file.length) {
            if (!new String(file, at, 4, StandardCharsets.US_ASCII).equals("OggS")) {
                throw new IllegalArgumentException("lost Ogg page sync at " + at);
            }
            int segments = file[at + 26] & 0xFF;
            int data = at + 27 + segments;
            for (int s = 0; s < segments; s++) {
                int lace = file[at + 27 + s] & 0xFF;
                byte[] grown = Arrays.copyOf(partial, partial.length + lace);
                System.arraycopy(file, data, grown, partial.length, lace);
                partial = grown;
                data += lace;
                if (lace < 255) {
                    packets.add(partial);
                    partial = new byte[0];
                }
            }
            at = data;
        }
        return packets;
    }
}
