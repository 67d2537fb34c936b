package org.nereid.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.nereid.fuzz.FuzzTarget;

/**
 * A publisher's RTP, hostile, into the recorder: jitter buffer, depacketizer of each video codec,
 * WebM (or Matroska for H.264 and AV1) writer. Hostile frames may be dropped but must never end
 * the recording ({@link RecordingListener#failed}), and every file written must be whole EBML:
 * a header and a segment whose elements add up to the file's length.
 *
 * <p>A case is a codec byte (VP8, VP9, H.264, AV1 by its value modulo 4) then packets, each
 * {@code flags(1: bit 0 video, bit 1 marker, bit 2 sender report) seq(2) timestamp(4) length(2)
 * payload}.
 */
class RecorderFuzzTest {
    private static final RecordCodec[] CODECS = {RecordCodec.VP8, RecordCodec.VP9, RecordCodec.H264, RecordCodec.AV1};
    private static final Path DIR = temporaryDirectory();

    static {
        FuzzTarget.quiet(StreamRecorder.class);
    }

    @FuzzTest(maxDuration = "3s")
    void recordsOrDrops(byte[] input) {
        FuzzTarget.check(input, () -> {
            if (input.length == 0) {
                return;
            }
            List<Exception> failures = new ArrayList<>();
            RecordingListener listener = (file, error) -> failures.add(error);
            RecordingFiles files = new RecordingFiles(DIR, ZoneOffset.UTC);
            Clock clock = Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC);
            StreamRecorder recorder = new StreamRecorder(files, "fuzz", "alice",
                    List.of(TrackInfo.opus(), TrackInfo.video(CODECS[(input[0] & 0xFF) % CODECS.length])), listener, clock);
            ByteBuffer in = ByteBuffer.wrap(input, 1, input.length - 1);
            long arrival = 0;
            while (in.remaining() >= 9) {
                int flags = in.get();
                int seq = in.getShort() & 0xFFFF;
                long timestamp = in.getInt() & 0xFFFFFFFFL;
                int length = Math.min(in.getShort() & 0xFFFF, in.remaining());
                int track = flags & 1;
                if ((flags & 4) != 0) {
                    recorder.onSenderReport(track, 0xE8000000L << 32 | timestamp, timestamp);
                }
                recorder.onRtp(track, input, in.position(), length, seq, timestamp, (flags & 2) != 0, arrival += 20);
                in.position(in.position() + length);
            }
            recorder.close();
            assertEquals(List.of(), failures, "the recording failed");
            checkAndRemoveFiles();
        });
    }

    private static void checkAndRemoveFiles() throws IOException {
        List<Path> written;
        try (Stream<Path> walk = Files.walk(DIR)) {
            written = walk.filter(Files::isRegularFile).toList();
        }
        for (Path f : written) {
            byte[] bytes = Files.readAllBytes(f);
            EbmlReader reader = new EbmlReader(bytes);
            List<EbmlReader.Element> top = reader.children(0, bytes.length);
            assertEquals(0x1A45DFA3, top.get(0).id(), "EBML header first in " + f.getFileName());
            EbmlReader.Element segment = reader.find(top, 0x18538067);
            assertEquals(bytes.length, top.get(top.size() - 1).end(), "elements add up to the file");
            for (EbmlReader.Element e : reader.children(segment)) {
                assertTrue(e.end() <= bytes.length, "segment element past the end");
            }
            Files.delete(f);
        }
    }

    private static Path temporaryDirectory() {
        try {
            Path dir = Files.createTempDirectory("nereid-recorder-fuzz");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try (Stream<Path> walk = Files.walk(dir)) {
                    walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException e) {
                    // a temporary directory left behind
                }
            }));
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
