package org.nereid.record;

import java.util.ArrayList;
import java.util.List;

/** Test packetizer: frames into RTP packets as a browser would send them (VP8 per RFC 7741, Opus one per packet). */
final class RtpStream {
    record Packet(int track, byte[] payload, int sequence, long timestamp, boolean marker, long arrival) {
    }

    private RtpStream() {
    }

    /** VP8 with an extended descriptor carrying a 15-bit picture ID, at most {@code mtu} payload bytes a packet. */
    static List<Packet> vp8(int track, List<MediaSamples.VideoFrame> frames, int firstSeq, long firstTs,
                            long firstArrival, int mtu) {
        List<Packet> out = new ArrayList<>();
        int seq = firstSeq;
        int pictureId = 1234;
        for (MediaSamples.VideoFrame f : frames) {
            long ts = (firstTs + f.pts() * 3000) & 0xFFFFFFFFL;
            long arrival = firstArrival + f.pts() * 1000 / 30;
            for (int off = 0; off < f.data().length; off += mtu) {
                int n = Math.min(mtu, f.data().length - off);
                byte[] p = new byte[4 + n];
                p[0] = (byte) (0x80 | (off == 0 ? 0x10 : 0));
                p[1] = (byte) 0x80;
                p[2] = (byte) (0x80 | (pictureId >>> 8 & 0x7F));
                p[3] = (byte) pictureId;
                System.arraycopy(f.data(), off, p, 4, n);
                out.add(new Packet(track, p, seq & 0xFFFF, ts, off + n == f.data().length, arrival));
                seq++;
            }
            pictureId = (pictureId + 1) & 0x7FFF;
        }
        return out;
    }

    static List<Packet> opus(int track, List<byte[]> frames, int firstSeq, long firstTs, long firstArrival) {
        List<Packet> out = new ArrayList<>();
        for (int i = 0; i < frames.size(); i++) {
            out.add(new Packet(track, frames.get(i), (firstSeq + i) & 0xFFFF, (firstTs + 960L * i) & 0xFFFFFFFFL,
                    true, firstArrival + 20L * i));
        }
        return out;
    }

    /** Both tracks merged in arrival order. */
    static List<Packet> merge(List<Packet> a, List<Packet> b) {
        List<Packet> all = new ArrayList<>(a);
        all.addAll(b);
        all.sort((x, y) -> Long.compare(x.arrival(), y.arrival()));
        return all;
    }

    static void feed(StreamRecorder recorder, List<Packet> packets) {
        for (Packet p : packets) {
            byte[] padded = new byte[p.payload().length + 7];
            System.arraycopy(p.payload(), 0, padded, 5, p.payload().length);
            recorder.onRtp(p.track(), padded, 5, p.payload().length, p.sequence(), p.timestamp(), p.marker(),
                    p.arrival());
        }
    }
}
