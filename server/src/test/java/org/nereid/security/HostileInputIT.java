package org.nereid.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;
import java.io.IOException;
import java.net.Socket;
import java.util.ArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.nereid.invite.InvitationFixture;
import org.nereid.signal.WebSocketClient;
import org.nereid.testing.LogCapture;
import org.nereid.testing.RunningServer;

/**
 * Issue 18's attacks from a stranger over HTTP, against a server wired as Main wires it,
 * while two honest members chat: each attack gets a short clear refusal, writes little to
 * the log, and the honest members lose nothing.
 */
class HostileInputIT {
    /** The servers of this class give a request 3 s to arrive whole, not 30. */
    static final long REQUEST_DEADLINE_MILLIS = 3000;

    static {
        System.setProperty("nereid.http.requestDeadlineMillis", Long.toString(REQUEST_DEADLINE_MILLIS));
    }

    @RegisterExtension
    final InvitationFixture f = new InvitationFixture();

    @AfterAll
    static void restoreDeadline() {
        System.clearProperty("nereid.http.requestDeadlineMillis");
    }

    /** Slowloris: 100 connections dribbling header bytes are closed, however steadily they dribble. */
    @Test
    void connectionsThatNeverFinishTheirRequestAreClosed() throws Exception {
        HonestChat honest = new HonestChat(f);
        List<Socket> slow = new ArrayList<>();
        try {
            for (int i = 0; i < 100; i++) {
                Socket s = new Socket("127.0.0.1", f.server().nereid.port());
                s.getOutputStream().write("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n".getBytes(StandardCharsets.US_ASCII));
                slow.add(s);
            }
            long start = System.nanoTime();
            int open = slow.size();
            while (open > 0 && System.nanoTime() - start < 4 * REQUEST_DEADLINE_MILLIS * 1_000_000) {
                open = 0;
                for (Socket s : slow) {
                    try {
                        s.getOutputStream().write("X-Slow: 1\r\n".getBytes(StandardCharsets.US_ASCII));
                        open++;
                    } catch (IOException closed) {
                        // what the server should do
                    }
                }
                honest.say();
                Thread.sleep(500);
            }
            assertEquals(0, open, "connections still open after " + 4 * REQUEST_DEADLINE_MILLIS + " ms");
            // a connection that finishes its request in time is served, and may keep alive past the deadline
            try (Socket s = new Socket("127.0.0.1", f.server().nereid.port())) {
                s.setSoTimeout(5000);
                for (int i = 0; i < 2; i++) {
                    s.getOutputStream().write("GET /public-groups.json HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    byte[] head = new byte[12];
                    new java.io.DataInputStream(s.getInputStream()).readFully(head);
                    assertEquals("HTTP/1.1 200", new String(head, StandardCharsets.US_ASCII));
                    s.getInputStream().skip(s.getInputStream().available());
                    Thread.sleep(REQUEST_DEADLINE_MILLIS + 500);
                }
            }
        } finally {
            for (Socket s : slow) {
                s.close();
            }
        }
        honest.assertNothingLost();
    }

    @Test
    void aMalformedHostHeaderIsA400WithoutAStackTrace() throws Exception {
        HonestChat honest = new HonestChat(f);
        RunningServer server = f.server();
        String invitation = InvitationFixture.madeToken(f.member("city-watch", "vimes", "sybil"),
                InvitationFixture.JSON.createObjectNode().put("group", "city-watch"));
        try (LogCapture log = new LogCapture()) {
            for (String path : new String[] {"/public-groups.json", "/group/city-watch/.status",
                    "/invitation/" + invitation + "/qr.svg", "/invitation/" + invitation, "/group/city-watch/"}) {
                for (String host : new String[] {"a b", "[::1", "%zz", "x/y", "a@b"}) {
                    String response = server.raw("GET " + path + " HTTP/1.1\r\nHost: " + host
                            + "\r\nConnection: close\r\n\r\n");
                    assertTrue(response.startsWith("HTTP/1.1 400 "), path + " with Host " + host + ": " + response);
                    assertTrue(response.endsWith("\r\n\r\nMalformed Host header.\n"), response);
                }
                honest.say();
            }
            for (int i = 0; i < 1000; i++) {
                server.raw("GET /public-groups.json HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n");
            }
            assertTrue(log.size() < 2000, "1,025 malformed requests logged " + log.size() + " chars: " + log.lines());
            assertFalse(log.lines().stream().anyMatch(l -> l.contains("\tat ")), "a stack trace: " + log.lines());
        }
        assertEquals(200, server.get("/public-groups.json").statusCode(), "an honest request still works");
        honest.assertNothingLost();
    }

    @Test
    void hugeNamesReachNeitherTheLogNorTheDisk() throws Exception {
        HonestChat honest = new HonestChat(f);
        String huge = "n".repeat(900_000);
        try (LogCapture log = new LogCapture()) {
            for (int i = 0; i < 20; i++) {
                WebSocketClient stranger = f.client("stranger-" + i);
                JsonNode answer = i % 2 == 0
                        ? stranger.join("city-watch", huge, "guess") : stranger.join(huge, "x", "guess");
                assertEquals("fail", answer.path("kind").asText());
                assertTrue(answer.toString().length() < 1000, "the refusal echoes the name");
                stranger.close();
                honest.say();
            }
            assertTrue(log.size() < 20 * 500, "20 joins of 900 KB names logged " + log.size() + " chars");
        }
        String longName = "g".repeat(300);
        HttpResponse<String> put = f.server().send(admin("/galene-api/v0/.groups/" + longName)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString("{}")));
        HttpResponse<String> get = f.server().send(admin("/galene-api/v0/.groups/" + longName));
        for (HttpResponse<String> r : List.of(put, get)) {
            assertTrue(r.statusCode() == 400 || r.statusCode() == 404, r.statusCode() + " " + r.body());
            assertFalse(r.body().contains(f.server().root.toString()), "a server path in " + r.body());
        }
        try (Stream<Path> files = Files.walk(f.server().groups)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().startsWith("ggg")), "a file was written");
        }
        honest.assertNothingLost();
    }

    /** Guessing: wrong passwords soon close the door, even to the right one, and never say who exists. */
    @Test
    void passwordGuessingIsSlowedAndLearnsNothing() throws Exception {
        HonestChat honest = new HonestChat(f);
        WebSocketClient guesser = f.client("guesser");
        String wrongPassword = guesser.join("city-watch", "vimes", "guess").path("value").asText();
        String unknownUser = guesser.join("city-watch", "nobody", "guess").path("value").asText();
        assertEquals(wrongPassword, unknownUser, "the refusal tells which users exist");
        // each checked failure doubles the wait; attempts meanwhile are refused unchecked
        String answer = "";
        for (int i = 0; i < 100 && !answer.matches("Too many .* in [2-9] s\\."); i++) {
            answer = guesser.join("city-watch", "vimes", "guess" + i).path("value").asText();
            honest.say();
        }
        assertTrue(answer.startsWith("Too many wrong passwords"), answer);
        String closed = guesser.join("city-watch", "vimes", "sybil").path("value").asText();
        assertTrue(closed.startsWith("Too many wrong passwords"), "the right password was checked: " + closed);

        assertEquals(401, f.server().send(adminAs("root", "guess", "/galene-api/v0/.groups/")).statusCode());
        // the waits before a 2 s one add up to 1.5 s: bounded in time, not in tries (a fast
        // machine sends a thousand tries in less than that)
        String retryAfter = "0";
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        for (int i = 0; System.nanoTime() < deadline && Integer.parseInt(retryAfter) < 2; i++) {
            HttpResponse<String> r = f.server().send(adminAs("root", "guess" + i, "/galene-api/v0/.groups/"));
            retryAfter = r.headers().firstValue("Retry-After").orElse("0");
            if (r.statusCode() == 429) {
                Thread.sleep(50); // a guesser that waits a little; the test then needs fewer requests
            }
        }
        assertTrue(Integer.parseInt(retryAfter) >= 2, "never slowed down");
        HttpResponse<String> right = f.server().send(adminAs("root", "rootpw", "/galene-api/v0/.groups/"));
        assertEquals(429, right.statusCode(), "the right password was checked during the backoff");
        assertTrue(right.headers().firstValue("Retry-After").isPresent());
        honest.assertNothingLost();
    }

    private HttpRequest.Builder admin(String path) {
        return adminAs("root", "rootpw", path);
    }

    private HttpRequest.Builder adminAs(String user, String password, String path) {
        return HttpRequest.newBuilder(f.server().uri(path)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
}
