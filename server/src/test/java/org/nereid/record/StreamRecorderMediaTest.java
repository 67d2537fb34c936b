package org.nereid.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real VP8 and Opus from ffmpeg, packetized into RTP, shuffled and thinned,
 * recorded, and checked with ffprobe and a full ffmpeg decode.
 */
class StreamRecorderMediaTest {
    @TempDir
    static Path samples;
    static List<MediaSamples.VideoFrame> video;
    static List<MediaSamples.VideoFrame> smallVideo;
    static List<byte[]> audio;

    @TempDir
    Path dir;

    @BeforeAll
    static void makeSamples() throws Exception {
        assumeTrue(MediaSamples.ffmpegPresent(), "ffmpeg and ffprobe are not installed");
        video = MediaSamples.vp8(samples, "320x240", 5);
        smallVideo = MediaSamples.vp8(samples, "160x120", 2);
        audio = MediaSamples.opus(samples, 5);
    }

    static final class Events implements RecordingListener {
        final List<Path> started = new CopyOnWriteArrayList<>();
        final List<Path> finished = new CopyOnWriteArrayList<>();
        final List<Exception> failures = new CopyOnWriteArrayList<>();
        int keyframeRequests;

        @Override
        public void fileStarted(Path file) {
            started.add(file);
        }

        @Override
        public void fileFinished(Path file, long durationMs) {
            finished.add(file);
        }

        @Override
        public void keyframeNeeded() {
            keyframeRequests++;
        }

        @Override
        public void failed(Path file, Exception error) {
            failures.add(error);
        }
    }

    private StreamRecorder recorder(Events events) {
        Clock clock = Clock.fixed(Instant.parse("2026-11-22T08:00:00.123Z"), ZoneOffset.UTC);
        return new StreamRecorder(new RecordingFiles(dir.resolve("recordings"), ZoneOffset.UTC), "meeting", "alice",
                List.of(TrackInfo.opus(), TrackInfo.video(RecordCodec.VP8)), events, clock);
    }

    /** Timestamps and sequence numbers start just before their wrap-around. */
    private static List<RtpStream.Packet> stream(List<MediaSamples.VideoFrame> frames, List<byte[]> sound) {
        List<RtpStream.Packet> v = RtpStream.vp8(1, frames, 65500, 0xFFFFFFFFL - 20000, 1_000_000, 900);
        List<RtpStream.Packet> a = RtpStream.opus(0, sound, 65530, 0xFFFFFFFFL - 5000, 1_000_000);
        return RtpStream.merge(a, v);
    }

    @Test
    void recordsPlayableSeekableWebmInOrder() throws Exception {
        Events events = new Events();
        StreamRecorder recorder = recorder(events);
        RtpStream.feed(recorder, stream(video, audio));
        recorder.close();
        recorder.close();

        assertEquals(List.of(), events.failures);
        assertEquals(1, events.started.size());
        assertEquals(events.started, events.finished);
        Path file = events.started.get(0);
        assertEquals(dir.resolve("recordings/meeting/2026-11-22T08:00:00.123-alice.webm"), file);
        assertEquals(1, events.keyframeRequests, "a keyframe is asked for once, at the start");
        assertPlays(file, 5.0, 320, 240);
        assertSeekable(file);
    }

    @Test
    void recordsThroughReorderingDuplicatesAndLoss() throws Exception {
        List<RtpStream.Packet> packets = new ArrayList<>(stream(video, audio));
        Random random = new Random(42);
        for (int i = 0; i + 4 < packets.size(); i += 5) {        // shuffle within small windows
            Collections.shuffle(packets.subList(i, i + 4), random);
        }
        // ffmpeg's realtime encoder sizes its frames by the CPU it gets, so the random losses may
        // miss the video: one video packet in the middle is always lost
        int middleVideo = packets.size() / 2;
        while (packets.get(middleVideo).track() != 1) {
            middleVideo++;
        }
        for (int i = packets.size() - 1; i >= 100; i--) {      // the first keyframe arrives whole
            if (i == middleVideo || random.nextInt(100) < 1) {
                packets.remove(i);
            } else if (random.nextInt(100) < 2) {
                packets.add(i, packets.get(i));
            }
        }
        Events events = new Events();
        StreamRecorder recorder = recorder(events);
        RtpStream.feed(recorder, packets);
        recorder.close();

        assertEquals(List.of(), events.failures);
        assertTrue(events.keyframeRequests > 1, "losses ask for keyframes");
        assertPlays(events.started.get(0), 5.0, 320, 240);
    }

    @Test
    void startsANewFileWhenTheVideoSizeChanges() throws Exception {
        List<MediaSamples.VideoFrame> both = new ArrayList<>(video.subList(0, 60));
        for (MediaSamples.VideoFrame f : smallVideo) {
            both.add(new MediaSamples.VideoFrame(f.data(), f.pts() + 60));
        }
        Events events = new Events();
        StreamRecorder recorder = recorder(events);
        RtpStream.feed(recorder, stream(both, audio.subList(0, 200)));
        recorder.close();

        assertEquals(List.of(), events.failures);
        assertEquals(2, events.finished.size());
        assertEquals("2026-11-22T08:00:00.123-alice-01.webm", events.finished.get(1).getFileName().toString());
        assertPlays(events.finished.get(0), 2.0, 320, 240);
        assertPlays(events.finished.get(1), 2.0, 160, 120);
    }

    @Test
    void aFileCutShortStillPlays() throws Exception {
        Events events = new Events();
        StreamRecorder recorder = recorder(events);
        List<RtpStream.Packet> packets = stream(video, audio);
        RtpStream.feed(recorder, packets.subList(0, packets.size() * 3 / 4));
        Path cut = dir.resolve("cut.webm");
        Files.copy(recorder.currentFile(), cut);       // as a crash would leave it
        recorder.close();

        String[] probe = MediaSamples.run(dir, "ffprobe", "-v", "error", "-show_streams", "-of", "json",
                cut.toString());
        assertEquals("0", probe[0], probe[2]);
        assertEquals(Stream.of("opus", "vp8").sorted().toList(), codecs(new ObjectMapper().readTree(probe[1])));
        String[] decode = MediaSamples.run(dir, "ffmpeg", "-v", "error", "-i", cut.toString(), "-f", "null", "-");
        assertEquals("0", decode[0], decode[2]);
    }

    @Test
    void recordsAnAudioOnlyStreamFromItsFirstFrame() throws Exception {
        Events events = new Events();
        StreamRecorder recorder = new StreamRecorder(new RecordingFiles(dir, ZoneOffset.UTC), "g", null,
                List.of(TrackInfo.opus()), events, Clock.systemUTC());
        RtpStream.feed(recorder, RtpStream.opus(0, audio, 100, 5000, 0));
        recorder.close();
        assertEquals(List.of(), events.failures);
        String[] probe = MediaSamples.run(dir, "ffprobe", "-v", "error", "-show_format", "-show_streams",
                "-of", "json", events.finished.get(0).toString());
        JsonNode json = new ObjectMapper().readTree(probe[1]);
        assertEquals(List.of("opus"), codecs(json));
        assertEquals(5.0, json.get("format").get("duration").asDouble(), 0.5);
        String[] decode = MediaSamples.run(dir, "ffmpeg", "-v", "error", "-i", events.finished.get(0).toString(),
                "-f", "null", "-");
        assertEquals("", decode[2].strip());
    }

    @Test
    void aDiskErrorStopsTheRecordingAndIsReported() throws Exception {
        Files.writeString(dir.resolve("recordings"), "a file where the directory should be");
        Events events = new Events();
        StreamRecorder recorder = recorder(events);
        RtpStream.feed(recorder, stream(video.subList(0, 40), audio.subList(0, 60)));
        recorder.close();
        assertEquals(1, events.failures.size());
        assertEquals(List.of(), events.started);
        assertNull(recorder.currentFile());
    }

    private static List<String> codecs(JsonNode probe) {
        List<String> list = new ArrayList<>();
        probe.get("streams").forEach(s -> list.add(s.get("codec_name").asText()));
        Collections.sort(list);
        return list;
    }

    private void assertPlays(Path file, double seconds, int width, int height) throws Exception {
        String[] probe = MediaSamples.run(dir, "ffprobe", "-v", "error", "-show_format", "-show_streams",
                "-of", "json", file.toString());
        assertEquals("0", probe[0], probe[2]);
        assertEquals("", probe[2].strip(), "ffprobe reports no errors");
        JsonNode json = new ObjectMapper().readTree(probe[1]);
        assertEquals(List.of("opus", "vp8"), codecs(json));
        double duration = json.get("format").get("duration").asDouble();
        assertEquals(seconds, duration, seconds * 0.1, () -> "duration: " + probe[1]);
        for (JsonNode s : json.get("streams")) {
            if (s.get("codec_name").asText().equals("vp8")) {
                assertEquals(width, s.get("width").asInt());
                assertEquals(height, s.get("height").asInt());
            }
        }
        String[] decode = MediaSamples.run(dir, "ffmpeg", "-v", "error", "-i", file.toString(), "-f", "null", "-");
        assertEquals("0", decode[0], decode[2]);
        assertEquals("", decode[2].strip(), "ffmpeg decodes without errors");
        String perms = Files.getPosixFilePermissions(file).stream().map(Enum::name).sorted()
                .collect(Collectors.joining(","));
        assertEquals("OWNER_READ,OWNER_WRITE", perms);
    }

    /** SeekHead points at Info, Tracks and Cues; every cue points at a cluster starting with a video keyframe. */
    private static void assertSeekable(Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        EbmlReader r = new EbmlReader(bytes);
        List<EbmlReader.Element> top = r.children(0, bytes.length);
        assertEquals(2, top.size(), "EBML header and a Segment whose size was fixed up");
        EbmlReader.Element segment = r.find(top, Ebml.SEGMENT);
        assertEquals(bytes.length, segment.end());
        List<EbmlReader.Element> level1 = r.children(segment);
        List<EbmlReader.Element> seeks = r.children(r.find(level1, Ebml.SEEK_HEAD));
        List<Integer> targets = new ArrayList<>();
        for (EbmlReader.Element seek : seeks.stream().filter(e -> e.id() == Ebml.SEEK).toList()) {
            List<EbmlReader.Element> parts = r.children(seek);
            int id = (int) r.uint(r.find(parts, Ebml.SEEK_ID));
            long position = r.uint(r.find(parts, Ebml.SEEK_POSITION));
            EbmlReader.Element target = r.children(segment.dataStart() + position, segment.end()).get(0);
            assertEquals(id, target.id());
            targets.add(id);
        }
        assertEquals(List.of(Ebml.INFO, Ebml.TRACKS, Ebml.CUES), targets);
        double duration = r.floatValue(r.find(r.children(r.find(level1, Ebml.INFO)), Ebml.DURATION));
        assertEquals(5000, duration, 500);
        List<EbmlReader.Element> cues = r.children(r.find(level1, Ebml.CUES));
        assertTrue(cues.size() >= 4, "a cue per keyframe (every 30 frames): " + cues.size());
        for (EbmlReader.Element point : cues) {
            List<EbmlReader.Element> positions = r.children(r.find(r.children(point), Ebml.CUE_TRACK_POSITIONS));
            assertEquals(2, r.uint(r.find(positions, Ebml.CUE_TRACK)));
            long at = segment.dataStart() + r.uint(r.find(positions, Ebml.CUE_CLUSTER_POSITION));
            EbmlReader.Element cluster = r.children(at, segment.end()).get(0);
            assertEquals(Ebml.CLUSTER, cluster.id());
            EbmlReader.Element block = r.children(cluster).stream().filter(e -> e.id() == Ebml.SIMPLE_BLOCK)
                    .findFirst().orElseThrow();
            assertEquals(0x82, bytes[(int) block.dataStart()] & 0xFF, "first block is video");
            assertEquals(0x80, bytes[(int) block.dataStart() + 3] & 0x80, "and a keyframe");
        }
    }
}
