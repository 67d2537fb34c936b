package org.nereid.load.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Makes the clip publishers send, once, with Debian's ffmpeg from its own
 * test sources: a moving test pattern with grain (so the encoder really
 * spends the bitrate) as VP8 in IVF, and a tone as 20 ms Opus frames in Ogg.
 * The files are made before a run, never during one.
 */
public final class MakeMedia {
    /** Opus takes this much of the total; the rest is video. */
    static final int AUDIO_BITS = 48_000;

    private MakeMedia() {
    }

    /**
     * Writes {@link Clip#VIDEO_FILE} and {@link Clip#AUDIO_FILE} into {@code dir} for a total of
     * {@code bitsPerSecond}, {@code seconds} long (one loop).
     */
    public static void make(Path out, long bitsPerSecond, int seconds) throws IOException, InterruptedException {
        if (bitsPerSecond < AUDIO_BITS + 50_000) {
            throw new IOException("A bitrate of " + bitsPerSecond + " bit/s leaves too little for video; give at least "
                    + (AUDIO_BITS + 50_000) + ".");
        }
        Path dir = Files.createDirectories(out).toAbsolutePath();
        long video = bitsPerSecond - AUDIO_BITS;
        String v = video / 1000 + "k";
        run(dir, List.of("ffmpeg", "-y", "-hide_banner", "-loglevel", "error",
                "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30,noise=alls=14:allf=t",
                "-t", Integer.toString(seconds), "-c:v", "libvpx", "-b:v", v, "-minrate", v, "-maxrate", v,
                "-bufsize", video / 2000 + "k", "-g", "60", "-deadline", "realtime", "-cpu-used", "8",
                "-lag-in-frames", "0", "-auto-alt-ref", "0", "-f", "ivf", dir.resolve(Clip.VIDEO_FILE).toString()));
        run(dir, List.of("ffmpeg", "-y", "-hide_banner", "-loglevel", "error",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000",
                "-t", Integer.toString(seconds), "-ac", "2", "-c:a", "libopus", "-b:a", AUDIO_BITS / 1000 + "k",
                "-frame_duration", "20", "-f", "ogg", dir.resolve(Clip.AUDIO_FILE).toString()));
    }

    private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("ffmpeg is needed to make the media (apt-get install ffmpeg): " + e.getMessage(), e);
        }
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("ffmpeg failed: " + output.trim());
        }
    }
}
