package org.nereid.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nereid.load.media.Clip;
import org.nereid.load.media.MakeMedia;

/**
 * The tool as users run it (its jar, a process) against a real Nereid (the
 * server's jar, another process) on an ephemeral loopback port: a short run
 * must move packets and report loss, latency and the server's figures as
 * well-formed JSON; bad input must end with one sentence and exit status 2.
 * A correctness test: no speed is asserted.
 */
class LoadToolIT {
    private static final Path WORK = Path.of("target", "load-it");
    private static final Path MEDIA = Path.of("target", "load-it-media");
    private static Process server;
    private static int port;

    @BeforeAll
    static void startServer() throws Exception {
        if (!Files.isRegularFile(MEDIA.resolve(Clip.VIDEO_FILE))) {
            MakeMedia.make(MEDIA, 600_000, 4);
        }
        Path groups = Files.createDirectories(WORK.resolve("groups"));
        Files.createDirectories(WORK.resolve("data"));
        Files.writeString(groups.resolve("load.json"),
                "{\"wildcard-user\": {\"password\": {\"type\": \"wildcard\"}, \"permissions\": \"present\"}}");
        Files.writeString(groups.resolve("closed.json"),
                "{\"users\": {\"alice\": {\"password\": \"secret\", \"permissions\": \"present\"}}}");
        port = freePort();
        server = new ProcessBuilder(java(), "-jar", System.getProperty("nereid.serverJar"), "-insecure",
                "-http", "127.0.0.1:" + port, "-data", WORK.resolve("data").toString(),
                "-groups", groups.toString())
                .redirectErrorStream(true).redirectOutput(WORK.resolve("server.log").toFile()).start();
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/group/load/.status")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            if (System.nanoTime() > deadline || !server.isAlive()) {
                throw new IllegalStateException("the server did not start; see " + WORK.resolve("server.log"));
            }
            Thread.sleep(200);
        }
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroy();
            server.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void onePublisherThreeSubscribersTenSeconds() throws Exception {
        Path json = WORK.resolve("report.json");
        Files.deleteIfExists(json);
        Result r = load("run", "--server", "http://127.0.0.1:" + port, "--group", "load", "--media", MEDIA.toString(),
                "--publishers", "1", "--subscribers", "3", "--duration", "10", "--server-pid",
                Long.toString(server.pid()), "--json", json.toString(), "--timeout", "30");
        assertEquals(0, r.status, r.describe());
        assertTrue(r.out.contains("forwarded") && r.out.contains("subscribers 3/3"), r.describe());
        JsonNode report = new ObjectMapper().readTree(json.toFile());       // throws unless well formed
        assertTrue(report.path("forwarded").path("packets").asLong() > 0, "packets flowed: " + report);
        assertEquals(3, report.path("subscribers").size());
        for (JsonNode s : report.path("subscribers")) {
            assertTrue(s.path("received").asLong() > 0, "each subscriber received: " + s);
            assertTrue(s.path("lossPercent").isNumber() && s.path("expected").asLong() >= s.path("received").asLong(),
                    "loss is reported: " + s);
            assertTrue(s.path("joinToFirstPacketMs").isNumber(), s.toString());
        }
        assertTrue(report.path("loss").path("percent").isNumber(), report.toString());
        assertTrue(report.path("latencyMs").path("samples").asLong() > 0, report.toString());
        assertTrue(report.path("latencyMs").path("p99").asDouble() >= report.path("latencyMs").path("p50").asDouble());
        JsonNode stalls = report.path("latencyMs").path("toolStalls");
        assertTrue(stalls.path("count").isIntegralNumber() && stalls.path("totalMs").asDouble() >= 0
                && stalls.path("longestMs").asDouble() <= stalls.path("totalMs").asDouble(), report.toString());
        JsonNode srv = report.path("serverProcess");
        assertEquals(server.pid(), srv.path("pid").asLong());
        assertTrue(srv.path("threadsEnd").asInt() > 0 && srv.path("rssEndMiB").asDouble() > 0, srv.toString());
        assertTrue(srv.path("cpuMicrosPerForwardedPacket").isNumber(), srv.toString());
        assertEquals(0, report.path("failures").size(), report.path("failures").toString());
    }

    @Test
    void anUnreachableServerIsOneSentence() throws Exception {
        Result r = load("run", "--server", "http://127.0.0.1:" + freePort(), "--media", MEDIA.toString());
        assertFailed(r, "Cannot reach the server");
    }

    @Test
    void aRefusedJoinIsOneSentence() throws Exception {
        Result r = load("run", "--server", "http://127.0.0.1:" + port, "--group", "closed", "--media", MEDIA.toString(),
                "--username", "alice", "--password", "wrong");
        assertFailed(r, "The server refused to let pub-1.1 join group \"closed\"");
    }

    @Test
    void aServerThatNeverAnswersTheOfferIsOneSentence() throws Exception {
        try (SilentServer silent = new SilentServer()) {
            Result r = load("run", "--server", "http://127.0.0.1:" + silent.port(), "--group", "silent",
                    "--media", MEDIA.toString(), "--timeout", "3");
            assertFailed(r, "The server never answered pub-1.1's offer");
        }
    }

    private static void assertFailed(Result r, String start) {
        assertEquals(Main.FAILED, r.status, r.describe());
        List<String> lines = r.err.lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), "one sentence: " + r.describe());
        assertTrue(lines.get(0).startsWith(start) && lines.get(0).endsWith("."), r.describe());
    }

    private record Result(int status, String out, String err) {
        String describe() {
            return "exit " + status + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    private static Result load(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(java(), "-jar", System.getProperty("nereid.loadJar")));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(Files.createDirectories(WORK), "out", ".txt");
        Path err = Files.createTempFile(WORK, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("nereid-load did not finish in 120 s: " + Files.readString(out));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static String java() {
        return System.getProperty("nereid.java");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
