package org.nereid.load.media;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads the Opus packets of an Ogg Opus file (RFC 7845), without the OpusHead and OpusTags headers. */
final class OggOpus {
    private OggOpus() {
    }

    static List<byte[]> read(Path file) throws IOException {
        byte[] b = Files.readAllBytes(file);
        List<byte[]> packets = new ArrayList<>();
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        int p = 0;
        while (p + 27 <= b.length) {
            if (b[p] != 'O' || b[p + 1] != 'g' || b[p + 2] != 'g' || b[p + 3] != 'S') {
                throw new IOException(file + " is not an Ogg file (no page at byte " + p + ").");
            }
            int segments = b[p + 26] & 0xFF;
            int data = p + 27 + segments;
            for (int i = 0; i < segments; i++) {
                int lace = b[p + 27 + i] & 0xFF;
                if (data + lace > b.length) {
                    throw new IOException(file + " is truncated.");
                }
                partial.write(b, data, lace);
                data += lace;
                if (lace < 255) {       // a lacing value below 255 ends the packet
                    packets.add(partial.toByteArray());
                    partial.reset();
                }
            }
            p = data;
        }
        if (packets.size() < 2 || !startsWith(packets.get(0), "OpusHead")) {
            throw new IOException(file + " is not an Ogg Opus file.");
        }
        return packets.subList(2, packets.size());
    }

    private static boolean startsWith(byte[] packet, String magic) {
        return packet.length >= magic.length()
                && new String(packet, 0, magic.length(), java.nio.charset.StandardCharsets.US_ASCII).equals(magic);
    }
}
