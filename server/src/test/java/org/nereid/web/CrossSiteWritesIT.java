package org.nereid.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.testing.RunningServer;

/**
 * Cross-site request forgery, as the attacks of issue 18 did it: a foreign page with the
 * administrator's Basic credentials cached in the browser creates a group, sets a password
 * with a text/plain POST, deletes a recording with a form. All are refused and change
 * nothing; the same requests from the server's own pages, an allowed origin or a program
 * without Origin/Referer still work.
 */
class CrossSiteWritesIT {
    private static final String ADMIN = "Basic " + Base64.getEncoder()
            .encodeToString("root:hunter2".getBytes(StandardCharsets.UTF_8));
    private static final String EVIL = "https://evil.example";

    @TempDir
    Path dir;
    private RunningServer server;
    private Path recording;

    @BeforeEach
    void start() throws Exception {
        server = RecordingsIT.startWithRecordings(dir, "{\"writableGroups\": true,"
                + " \"allowAdminOrigin\": [\"https://console.example\"],"
                + " \"allowOrigin\": [\"https://friend.example\"],"
                + " \"users\": {\"root\": {\"password\": \"hunter2\", \"permissions\": \"admin\"}}}");
        server.writeGroup("city", "{\"allow-recording\": true, \"users\": {\"op\": {\"password\": \"old\"}}}");
        recording = dir.resolve("recordings/city/2026-01-02T10:00:00.000-op.webm");
        Files.createDirectories(recording.getParent());
        Files.writeString(recording, "video");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /**
     * Issue 18, reading across sites: a foreign origin (look-alikes and "null" included) gets no
     * CORS header on any path, preflight or not, so its page can neither read the answers nor
     * send credentials; an allowed origin gets its own origin back, never a wildcard.
     */
    @Test
    void foreignOriginsGetNoCorsHeaders() throws Exception {
        for (String path : List.of("/galene-api/v0/.groups/", "/galene-api/v0/.groups/city", "/public-groups.json",
                "/group/city/.status", "/recordings/city/", "/stats.json", "/")) {
            for (String origin : List.of(EVIL, "null", "https://friend.example.evil.example",
                    "https://console.example.evil.example", "http://friend.example", "https://friend.example:8443")) {
                HttpResponse<String> preflight = server.send(HttpRequest.newBuilder(server.uri(path))
                        .method("OPTIONS", BodyPublishers.noBody()).header("Origin", origin)
                        .header("Access-Control-Request-Method", "PUT")
                        .header("Access-Control-Request-Headers", "authorization, content-type"));
                HttpResponse<String> read = server.send(admin(path, "Origin", origin));
                for (HttpResponse<String> r : List.of(preflight, read)) {
                    assertEquals(List.of(), r.headers().allValues("Access-Control-Allow-Origin"),
                            r.request().method() + " " + path + " from " + origin);
                    assertEquals(List.of(), r.headers().allValues("Access-Control-Allow-Credentials"),
                            r.request().method() + " " + path + " from " + origin);
                }
            }
        }
        // the admin API is the one route that answers CORS (as Galène's): its allowed origin, exactly
        HttpResponse<String> console = server.send(admin("/galene-api/v0/.groups/", "Origin", "https://console.example"));
        assertEquals(List.of("https://console.example"), console.headers().allValues("Access-Control-Allow-Origin"));
    }

    private HttpRequest.Builder admin(String path, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(path)).header("Authorization", ADMIN);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return b;
    }

    private int createGroup(String name, String... headers) throws Exception {
        return server.send(admin("/galene-api/v0/.groups/" + name, headers).header("Content-Type", "application/json")
                .PUT(BodyPublishers.ofString("{}"))).statusCode();
    }

    private int setPassword(String password, String... headers) throws Exception {
        return server.send(admin("/galene-api/v0/.groups/city/.users/op/.password", headers)
                .header("Content-Type", "text/plain").POST(BodyPublishers.ofString(password))).statusCode();
    }

    private int deleteRecording(String... headers) throws Exception {
        return server.send(admin("/recordings/city/", headers).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString("q=delete&filename=2026-01-02T10%3A00%3A00.000-op.webm"))).statusCode();
    }

    private String groupFile() throws Exception {
        return Files.readString(server.groups.resolve("city.json"));
    }

    @Test
    void aForeignPageChangesNothing() throws Exception {
        String before = groupFile();
        assertEquals(403, createGroup("evil", "Origin", EVIL));
        assertEquals(403, createGroup("evil", "Origin", EVIL, "Sec-Fetch-Site", "cross-site"));
        assertEquals(403, createGroup("evil", "Referer", EVIL + "/attack.html"));
        assertEquals(403, createGroup("evil", "Origin", "null"));
        // a browser that hides where the request comes from still says it is cross-site
        assertEquals(403, createGroup("evil", "Sec-Fetch-Site", "cross-site"));
        assertFalse(Files.exists(server.groups.resolve("evil.json")));

        assertEquals(403, setPassword("pwned", "Origin", EVIL));
        assertEquals(before, groupFile());

        // the page of a friend allowed for meetings is still no administrator's page
        assertEquals(403, createGroup("evil", "Origin", "https://friend.example"));
        assertFalse(Files.exists(server.groups.resolve("evil.json")));

        assertEquals(403, deleteRecording("Origin", EVIL));
        assertEquals(403, deleteRecording("Referer", EVIL + "/"));
        assertEquals(403, server.send(admin("/recordings/city/2026-01-02T10%3A00%3A00.000-op.webm", "Origin", EVIL)
                .DELETE()).statusCode());
        assertTrue(Files.exists(recording));

        HttpResponse<String> refusal = server.send(admin("/galene-api/v0/.groups/evil", "Origin", EVIL)
                .PUT(BodyPublishers.ofString("{}")));
        assertTrue(refusal.body().startsWith("Cross-site request refused"), refusal.body());
        // reading stays as Galène has it: CORS decides whether the page sees the answer
        assertEquals(200, server.send(admin("/galene-api/v0/.groups/", "Origin", EVIL)).statusCode());
    }

    @Test
    void ownPagesAllowedOriginsAndProgramsStillWrite() throws Exception {
        String self = server.base();
        assertEquals(201, createGroup("mine", "Origin", self));
        assertEquals(201, createGroup("console", "Origin", "https://console.example", "Sec-Fetch-Site", "cross-site"));
        assertEquals(201, createGroup("referred", "Referer", self + "/stats.html"));
        assertEquals(201, createGroup("typed", "Sec-Fetch-Site", "same-origin", "Origin", "null"));
        assertEquals(201, createGroup("program"));
        String before = groupFile();
        assertEquals(204, setPassword("new"));
        assertFalse(groupFile().equals(before), groupFile());

        assertEquals(303, deleteRecording("Origin", "https://friend.example"));
        assertFalse(Files.exists(recording));
    }
}
