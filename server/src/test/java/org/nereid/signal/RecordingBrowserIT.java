package org.nereid.signal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nereid.client.MeetingPages;
import org.nereid.record.RecordingFiles;
import org.nereid.testing.Chromium;
import org.nereid.testing.RunningServer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Recording for real: Chromium publishes its fake camera and microphone, an
 * operator records the group for about five seconds, and ffprobe (Debian's
 * ffmpeg) must read the file as WebM with the expected codecs and duration.
 */
class RecordingBrowserIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long RECORD_MILLIS = 5000;

    private static Chromium chromium;

    @TempDir
    Path dir;

    private SfuServer media;
    private RunningServer server;
    private final List<WebSocketClient> clients = new ArrayList<>();

    @BeforeAll
    static void launch() {
        chromium = Chromium.launch();
    }

    @AfterAll
    static void quit() {
        chromium.close();
    }

    @AfterEach
    void stop() {
        clients.forEach(WebSocketClient::close);
        if (media != null) {
            media.close();
        }
    }

    private void start() throws Exception {
        media = SfuServer.start(dir, w -> w.signal().recordTo(new RecordingFiles(recordings(), ZoneId.systemDefault())));
        server = media.server;
    }

    private Path recordings() {
        return dir.resolve("recordings");
    }

    private void group(String name, String codecs) throws IOException {
        server.writeGroup(name, "{\"allow-recording\": true, " + codecs
                + "\"users\": {\"alice\": {\"password\": \"apw\", \"permissions\": \"present\"},"
                + " \"olga\": {\"password\": \"opw\", \"permissions\": \"op\"}}}");
    }

    private WebSocketClient op(String group) throws Exception {
        WebSocketClient c = WebSocketClient.connect(server.nereid.port(), "olga-client");
        clients.add(c);
        c.joinOk(group, "olga", "opw");
        return c;
    }

    /** H.264 is not a WebM codec: its file is Matroska (.mkv), as Galène's are. VP8 is the default codec. */
    @ParameterizedTest(name = "{0} and Opus become one seekable .{1} file")
    @CsvSource({"vp8, webm", "vp9, webm", "h264, mkv", "av1, webm"})
    void fiveSecondsOfVideoAndOpusBecomeOneSeekableFile(String videoCodec, String extension) throws Exception {
        recordAndProbe(videoCodec, videoCodec.equals("vp8") ? "" : "\"codecs\": [\"" + videoCodec + "\", \"opus\"], ",
                extension);
    }

    private void recordAndProbe(String videoCodec, String codecs, String extension) throws Exception {
        start();
        group("rec", codecs);
        Page alice = join("rec");
        WebSocketClient olga = op("rec");
        olga.send(ProtocolClient.msg("groupaction", "source", olga.id, "kind", "record"));
        // the file starts at the first keyframe after the start (slow to come from a loaded encoder)
        long started = waitForFileCreated(recordings().resolve("rec"), extension);
        JsonNode recorder = olga.expect(n -> n.path("type").asText().equals("user")
                && n.path("kind").asText().equals("add") && n.path("username").asText().equals("RECORDING"),
                "the RECORDING user");
        assertEquals("[\"system\"]", recorder.path("permissions").toString());
        assertTrue(olga.expect("usermessage", "info").path("value").asText().startsWith("Recording started"));
        assertThat(alice.locator("#recording")).isVisible();
        Thread.sleep(RECORD_MILLIS);
        olga.send(ProtocolClient.msg("groupaction", "source", olga.id, "kind", "unrecord"));
        long recorded = (System.nanoTime() - started) / 1_000_000;
        olga.expect(n -> n.path("type").asText().equals("user") && n.path("kind").asText().equals("delete")
                && n.path("id").asText().equals(recorder.path("id").asText()), "RECORDING leaving");
        assertTrue(olga.expect("usermessage", "info").path("value").asText().startsWith("Recording stopped"));
        assertThat(alice.locator("#recording")).isHidden();

        Path file = waitForFinishedFile(recordings().resolve("rec"), extension);
        assertTrue(file.getFileName().toString().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}-alice\\." + extension),
                file.getFileName().toString());
        JsonNode probe = probe(file);
        assertTrue(probe.path("format").path("format_name").asText().contains("webm"), probe.toString());
        List<String> found = new ArrayList<>();
        probe.path("streams").forEach(s -> found.add(s.path("codec_type").asText() + ":" + s.path("codec_name").asText()));
        assertEquals(List.of("audio:opus", "video:" + videoCodec), found, probe.toString());
        double seconds = probe.path("format").path("duration").asDouble();
        assertTrue(Math.abs(seconds * 1000 - recorded) <= recorded * 0.1,
                "recorded for " + recorded + " ms, the file lasts " + seconds + " s");
        assertTrue(alice.locator("body").getAttribute("class").contains("joined"), "the publisher is still there");
        assertBrowserPlays(file, seconds);
    }

    /** Chromium opens the file in a video element, decodes its picture and reads the same duration. */
    private void assertBrowserPlays(Path file, double seconds) throws IOException {
        Path page = file.resolveSibling("play.html");
        Files.writeString(page, "<!DOCTYPE html><video muted autoplay src=\"" + file.getFileName() + "\"></video>");
        Page player = chromium.browser().newPage();
        try {
            player.navigate(page.toUri().toString());
            Object duration = player.waitForFunction("() => { const v = document.querySelector('video');"
                    + " return v.videoWidth > 0 && v.currentTime > 0 && v.duration; }", null,
                    new Page.WaitForFunctionOptions().setTimeout(20000)).jsonValue();
            double played = ((Number) duration).doubleValue();
            assertTrue(Math.abs(played - seconds) <= seconds * 0.1, "the browser reads " + played + " s, ffprobe " + seconds);
        } finally {
            player.close();
            Files.delete(page);
        }
    }

    @Test
    void aDiskErrorStopsTheRecordingTellsTheOperatorsAndTheMeetingGoesOn() throws Exception {
        start();
        group("rec", "");
        Files.createDirectories(recordings());
        Files.writeString(recordings().resolve("rec"), "a file where the group's directory should be");
        Page alice = join("rec");
        WebSocketClient olga = op("rec");
        olga.send(ProtocolClient.msg("groupaction", "source", olga.id, "kind", "record"));
        String warning = olga.expect("usermessage", "warning").path("value").asText();
        assertTrue(warning.startsWith("Recording stopped: the server could not write alice's recording"), warning);
        assertTrue(olga.expect(n -> n.path("type").asText().equals("usermessage")
                && n.path("value").asText().equals("Recording stopped."), "the announcement").path("privileged")
                .asBoolean());
        assertThat(alice.locator("#recording")).isHidden();
        olga.chat("still here?");
        assertThat(alice.locator("#chat-log")).containsText("still here?");
        assertTrue(alice.locator("body").getAttribute("class").contains("joined"));
        // and recording works again once the directory is fixed
        Files.delete(recordings().resolve("rec"));
        olga.send(ProtocolClient.msg("groupaction", "source", olga.id, "kind", "record"));
        assertTrue(olga.expect("usermessage", "info").path("value").asText().startsWith("Recording started"));
    }

    private Page join(String group) {
        Page page = MeetingPages.join(chromium.browser().newContext(new Browser.NewContextOptions()
                .setPermissions(List.of("camera", "microphone"))).newPage(),
                server.base() + "/group/" + group + "/", "alice", "apw", "both");
        // the camera starts slowly on a loaded machine
        assertThat(page.locator("#videos video")).hasCount(1, new LocatorAssertions.HasCountOptions().setTimeout(20000));
        // wait until the SFU receives the camera, so that recording starts on a live stream
        waitForUpVideo();
        return page;
    }

    private void waitForUpVideo() throws RuntimeException {
        SignalStats stats = new SignalStats(media.signal().registry());
        for (int i = 0; i < 300; i++) {
            boolean flowing = stats.groups().stream().flatMap(g -> g.clients().stream())
                    .flatMap(c -> c.up().stream()).flatMap(c -> c.tracks().stream())
                    .anyMatch(t -> t.kind().equals("video") && t.packets() > 0);
            if (flowing) {
                return;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                throw new RuntimeException(e);
            }
        }
        throw new AssertionError("the publisher's video never reached the server");
    }

    /** When a file of the recording appears, to within the 10 ms it polls. */
    private static long waitForFileCreated(Path directory, String extension) throws Exception {
        for (int i = 0; i < 3000; i++) {
            if (Files.isDirectory(directory)) {
                try (Stream<Path> files = Files.list(directory)) {
                    if (files.anyMatch(f -> f.toString().endsWith("." + extension))) {
                        return System.nanoTime();
                    }
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError("no recording file in " + directory + " after 30 s");
    }

    /** The one recording file, once closing has written its duration (ffprobe then reports one). */
    private static Path waitForFinishedFile(Path directory, String extension) throws Exception {
        for (int i = 0; i < 100; i++) {
            if (Files.isDirectory(directory)) {
                try (Stream<Path> files = Files.list(directory)) {
                    List<Path> webm = files.filter(f -> f.toString().endsWith("." + extension)).toList();
                    if (webm.size() == 1 && probe(webm.get(0)).path("format").has("duration")) {
                        return webm.get(0);
                    }
                    assertTrue(webm.size() <= 1, "one file per stream: " + webm);
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no finished recording in " + directory);
    }

    private static JsonNode probe(Path file) throws Exception {
        Process p = new ProcessBuilder("ffprobe", "-v", "error", "-show_entries",
                "format=format_name,duration:stream=codec_type,codec_name", "-of", "json", file.toString())
                .redirectErrorStream(false).start();
        byte[] out = p.getInputStream().readAllBytes();
        p.waitFor(20, TimeUnit.SECONDS);
        return JSON.readTree(new String(out, StandardCharsets.UTF_8));
    }
}
