package org.nereid.load.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the frames of an IVF file (the plain VP8 container ffmpeg writes with {@code -f ivf}). */
final class Ivf {
    /** One compressed frame and its presentation time in seconds. */
    record Frame(double seconds, byte[] data) {
    }

    private Ivf() {
    }

    static List<Frame> read(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (b.remaining() < 32 || b.getInt(0) != 0x46494B44) {     // "DKIF"
            throw new IOException(file + " is not an IVF file.");
        }
        String fourcc = new String(new byte[] {b.get(8), b.get(9), b.get(10), b.get(11)}, java.nio.charset.StandardCharsets.US_ASCII);
        if (!fourcc.equals("VP80")) {
            throw new IOException(file + " holds " + fourcc + ", not VP8.");
        }
        long rate = b.getInt(16) & 0xFFFFFFFFL;
        long scale = b.getInt(20) & 0xFFFFFFFFL;
        b.position(b.getShort(6) & 0xFFFF);
        List<Frame> frames = new ArrayList<>();
        while (b.remaining() >= 12) {
            int size = b.getInt();
            long pts = b.getLong();
            if (size < 0 || size > b.remaining()) {
                throw new IOException(file + " is truncated.");
            }
            byte[] data = new byte[size];
            b.get(data);
            frames.add(new Frame(pts * (double) scale / rate, data));
        }
        return frames;
    }
}
