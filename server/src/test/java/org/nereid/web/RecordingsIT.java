package org.nereid.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.auth.Authoriser;
import org.nereid.auth.TokenStore;
import org.nereid.server.AdminWiring;
import org.nereid.testing.RunningServer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * /recordings/GROUP/ over real HTTP: who gets in, the listings (Galène's HTML
 * table and JSON), byte ranges, deletion, and nothing outside the recordings
 * directory; plus the admin API's {@code .recordings/} listing.
 */
class RecordingsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = basic("root", "hunter2");
    private static final String RECORDER = basic("rita", "rpw");

    @TempDir
    Path dir;

    private RunningServer server;
    private Path recordings;
    private byte[] video;

    @BeforeEach
    void start() throws Exception {
        server = startWithRecordings(dir,
                "{\"users\": {\"root\": {\"password\": \"hunter2\", \"permissions\": \"admin\"}}}");
        server.writeGroup("rec", "{\"allow-recording\": true, \"users\": {"
                + "\"rita\": {\"password\": \"rpw\", \"permissions\": \"op\"},"
                + "\"paul\": {\"password\": \"ppw\", \"permissions\": \"present\"}}}");
        server.writeGroup("other", "{\"allow-recording\": true, \"users\": {"
                + "\"otto\": {\"password\": \"opw\", \"permissions\": \"op\"}}}");
        recordings = dir.resolve("recordings");
        Files.createDirectories(recordings.resolve("rec"));
        video = new byte[10000];
        for (int i = 0; i < video.length; i++) {
            video[i] = (byte) (i * 7);
        }
        Files.write(recordings.resolve("rec/2026-01-02T10:00:00.000-paul.webm"), video);
        Files.writeString(recordings.resolve("rec/2026-01-02T11:00:00.000-a&b.webm"), "x");
        Files.writeString(recordings.resolve("rec/.hidden"), "secret");
        Files.writeString(dir.resolve("outside.txt"), "outside");
        Files.createSymbolicLink(recordings.resolve("rec/link.webm"), dir.resolve("outside.txt"));
    }

    /** A server with this config.json and, as Main mounts them, the recordings and the admin API. */
    static RunningServer startWithRecordings(Path dir, String configJson) throws Exception {
        Clock clock = Clock.systemUTC();
        return RunningServer.start(dir, o -> o, n -> {
            try {
                Files.writeString(n.options().dataDir().resolve("config.json"), configJson);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Authoriser authoriser = new Authoriser(TokenStore.inDataDirectory(n.options().dataDir(), clock), clock);
            n.mount(Mount.RECORDINGS, x -> AdminWiring.recordings(x, authoriser))
                    .mount(Mount.ADMIN_API, x -> AdminWiring.adminApi(x,
                            TokenStore.inDataDirectory(x.options().dataDir(), clock), authoriser, clock));
        });
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return server.send(b);
    }

    @Test
    void onlyRecordUsersOfTheGroupAndAdministratorsGetIn() throws Exception {
        HttpResponse<String> anonymous = get("/recordings/rec/", null);
        assertEquals(401, anonymous.statusCode());
        assertEquals("Basic realm=\"recordings/rec\"", anonymous.headers().firstValue("WWW-Authenticate").orElse(""));
        assertEquals(403, get("/recordings/rec/", basic("otto", "opw")).statusCode(), "a user of another group");
        assertEquals(403, get("/recordings/rec/", basic("paul", "ppw")).statusCode(), "no record permission");
        assertEquals(403, get("/recordings/rec/", basic("rita", "wrong")).statusCode(), "a wrong password");
        assertEquals(200, get("/recordings/rec/", RECORDER).statusCode());
        assertEquals(200, get("/recordings/rec/", ADMIN).statusCode());
        assertEquals(403, get("/recordings/rec/2026-01-02T10:00:00.000-paul.webm", basic("paul", "ppw")).statusCode());
        assertEquals(401, get("/recordings/rec/2026-01-02T10:00:00.000-paul.webm", null).statusCode());
    }

    @Test
    void aGroupWithoutAllowRecordingGivesOpsNoRecordPermission() throws Exception {
        server.writeGroup("plain", "{\"users\": {\"olga\": {\"password\": \"opw\", \"permissions\": \"op\"}}}");
        assertEquals(403, get("/recordings/plain/", basic("olga", "opw")).statusCode());
        assertEquals(200, get("/recordings/plain/", ADMIN).statusCode(), "an empty listing");
    }

    @Test
    void theHtmlListingHasGaleneShapeAndHidesWhatIsNotARecording() throws Exception {
        HttpResponse<String> r = get("/recordings/rec/", RECORDER);
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        String html = r.body();
        assertTrue(html.contains("<tr><td><a href=\"./2026-01-02T10:00:00.000-paul.webm\">"
                + "2026-01-02T10:00:00.000-paul.webm</a></td><td>10000</td>"), html);
        assertTrue(html.contains("<a href=\"./2026-01-02T11:00:00.000-a&amp;b.webm\">"), html);
        assertFalse(html.contains(".hidden"), html);
        assertFalse(html.contains("link.webm"), html);
        assertTrue(html.indexOf("10:00:00") < html.indexOf("11:00:00"), "sorted by name");
    }

    @Test
    void theJsonListingComesWhenAskedFor() throws Exception {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(server.uri("/recordings/rec/"))
                .header("Authorization", RECORDER).header("Accept", "application/json"));
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode list = JSON.readTree(r.body());
        assertEquals(2, list.size(), r.body());
        assertEquals("2026-01-02T10:00:00.000-paul.webm", list.get(0).get("name").asText());
        assertEquals(10000, list.get(0).get("size").asLong());
        assertTrue(list.get(0).get("modified").asText().endsWith("Z"));
        assertEquals(list, JSON.readTree(get("/recordings/rec/?format=json", RECORDER).body()));
    }

    @Test
    void filesAreServedWholeOrByRange() throws Exception {
        String path = "/recordings/rec/2026-01-02T10:00:00.000-paul.webm";
        HttpResponse<byte[]> whole = server.client.send(HttpRequest.newBuilder(server.uri(path))
                .header("Authorization", RECORDER).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, whole.statusCode());
        assertEquals("video/webm", whole.headers().firstValue("Content-Type").orElse(""));
        assertEquals("bytes", whole.headers().firstValue("Accept-Ranges").orElse(""));
        assertArrayEquals(video, whole.body());

        HttpResponse<byte[]> part = range(path, "bytes=100-199");
        assertEquals(206, part.statusCode());
        assertEquals("bytes 100-199/10000", part.headers().firstValue("Content-Range").orElse(""));
        assertArrayEquals(java.util.Arrays.copyOfRange(video, 100, 200), part.body());

        HttpResponse<byte[]> tail = range(path, "bytes=-10");
        assertEquals("bytes 9990-9999/10000", tail.headers().firstValue("Content-Range").orElse(""));
        assertArrayEquals(java.util.Arrays.copyOfRange(video, 9990, 10000), tail.body());

        HttpResponse<byte[]> open = range(path, "bytes=9000-");
        assertEquals(1000, open.body().length);

        HttpResponse<byte[]> beyond = range(path, "bytes=10000-");
        assertEquals(416, beyond.statusCode());
        assertEquals("bytes */10000", beyond.headers().firstValue("Content-Range").orElse(""));

        HttpResponse<byte[]> head = server.client.send(HttpRequest.newBuilder(server.uri(path))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).header("Authorization", ADMIN).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, head.statusCode());
        assertEquals("10000", head.headers().firstValue("Content-Length").orElse(""));
    }

    private HttpResponse<byte[]> range(String path, String range) throws Exception {
        return server.client.send(HttpRequest.newBuilder(server.uri(path)).header("Authorization", RECORDER)
                .header("Range", range).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void nothingOutsideTheRecordingsIsServed() throws Exception {
        assertEquals(404, get("/recordings/rec/.hidden", ADMIN).statusCode());
        assertEquals(404, get("/recordings/rec/link.webm", ADMIN).statusCode());
        assertEquals(400, server.rawStatus("/recordings/rec/../../outside.txt", "127.0.0.1"));
        assertEquals(400, server.rawStatus("/recordings/rec/%2e%2e/%2e%2e/outside.txt", "127.0.0.1"));
        int encodedSlash = server.rawStatus("/recordings/rec/..%2f..%2foutside.txt", "127.0.0.1");
        assertTrue(encodedSlash == 400 || encodedSlash == 404, "status " + encodedSlash);
        Files.createSymbolicLink(recordings.resolve("linked"), dir);
        assertEquals(404, get("/recordings/linked/outside.txt", ADMIN).statusCode());
        assertEquals("[]", get("/recordings/linked/?format=json", ADMIN).body().trim());
    }

    @Test
    void administratorsAndRecordUsersDelete() throws Exception {
        String name = "2026-01-02T11:00:00.000-a&b.webm";
        HttpResponse<String> refused = server.send(HttpRequest.newBuilder(
                server.uri("/recordings/rec/" + RequestPath.encodeSegment(name)))
                .header("Authorization", basic("paul", "ppw")).DELETE());
        assertEquals(403, refused.statusCode());
        HttpResponse<String> deleted = server.send(HttpRequest.newBuilder(
                server.uri("/recordings/rec/" + RequestPath.encodeSegment(name)))
                .header("Authorization", ADMIN).DELETE());
        assertEquals(204, deleted.statusCode());
        assertFalse(Files.exists(recordings.resolve("rec").resolve(name)));
        assertEquals(404, server.send(HttpRequest.newBuilder(server.uri("/recordings/rec/nothing.webm"))
                .header("Authorization", ADMIN).DELETE()).statusCode());

        // Galène's form, as its listing page and the console send it
        HttpResponse<String> form = server.send(HttpRequest.newBuilder(server.uri("/recordings/rec/"))
                .header("Authorization", RECORDER).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("q=delete&filename=2026-01-02T10%3A00%3A00.000-paul.webm")));
        assertEquals(303, form.statusCode());
        assertEquals("/recordings/rec/", form.headers().firstValue("Location").orElse(""));
        assertFalse(Files.exists(recordings.resolve("rec/2026-01-02T10:00:00.000-paul.webm")));
        assertTrue(Files.exists(dir.resolve("outside.txt")));
    }

    @Test
    void theAdminApiListsAGroupsRecordings() throws Exception {
        HttpResponse<String> r = get("/galene-api/v0/.groups/rec/.recordings/", ADMIN);
        assertEquals(200, r.statusCode(), r.body());
        JsonNode list = JSON.readTree(r.body());
        assertEquals(2, list.size());
        assertEquals("2026-01-02T10:00:00.000-paul.webm", list.get(0).get("name").asText());
        assertEquals(401, get("/galene-api/v0/.groups/rec/.recordings/", RECORDER).statusCode());
        assertEquals("[]", get("/galene-api/v0/.groups/other/.recordings/", ADMIN).body().trim());
    }

    @Test
    void pathsWithoutTheirSlashAreRedirected() throws Exception {
        assertEquals(308, get("/recordings", null).statusCode());
        HttpResponse<String> r = get("/recordings/rec", ADMIN);
        assertEquals(308, r.statusCode());
        assertEquals("/recordings/rec/", r.headers().firstValue("Location").orElse(""));
    }
}
