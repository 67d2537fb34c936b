package org.nereid.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.group.GroupActivity;
import org.nereid.json.Json;
import org.nereid.testing.RunningServer;

/** Group pages, .status and public-groups.json over real HTTP, with real group files. */
class GroupPagesIT {
    @TempDir
    Path dir;
    RunningServer server;

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start(dir, o -> o, n -> n.groupActivity(new GroupActivity() {
            @Override
            public boolean locked(String group) {
                return group.equals("locked-room");
            }

            @Override
            public int clientCount(String group) {
                return group.equals("example") ? 3 : 0;
            }
        }));
        server.writeGroup("example", "{\"public\": true, \"displayName\": \"Example\", \"description\": \"Try it\","
                + " \"users\": {\"bob\": {\"password\": \"1234\", \"permissions\": \"present\"}}}");
        server.writeGroup("locked-room", "{\"public\": true}");
        server.writeGroup("teaching/networking", "{\"public\": true, \"authServer\": \"https://auth.example\"}");
        server.writeGroup("private", "{\"displayName\": \"Hidden\"}");
        server.writeGroup("moved", "{\"public\": true, \"redirect\": \"https://elsewhere.example/group/x/\","
                + " \"displayName\": \"Moved\"}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode json(HttpResponse<String> r) throws Exception {
        assertEquals("application/json", r.headers().firstValue("content-type").orElseThrow());
        return Json.mapper().readTree(r.body());
    }

    @Test
    void publicGroupsListsPublicGroupsSortedWithGalenesFields() throws Exception {
        HttpResponse<String> r = server.get("/public-groups.json");
        assertEquals(200, r.statusCode());
        assertEquals("no-cache", r.headers().firstValue("cache-control").orElseThrow());
        JsonNode list = json(r);
        assertEquals(4, list.size());
        assertEquals("example", list.get(0).get("name").asText());
        assertEquals("locked-room", list.get(1).get("name").asText());
        assertEquals("moved", list.get(2).get("name").asText());
        assertEquals("teaching/networking", list.get(3).get("name").asText());
        JsonNode example = list.get(0);
        assertEquals(server.base() + "/group/example/", example.get("location").asText());
        assertEquals("ws://127.0.0.1:" + server.nereid.port() + "/ws", example.get("endpoint").asText());
        assertEquals("Example", example.get("displayName").asText());
        assertEquals("Try it", example.get("description").asText());
        assertEquals(3, example.get("clientCount").asInt());
        assertFalse(example.has("locked"));
        assertFalse(example.has("users"));
        assertTrue(list.get(1).get("locked").asBoolean());
        assertEquals(0, list.get(1).get("clientCount").asInt());
        assertEquals("https://elsewhere.example/group/x/", list.get(2).get("redirect").asText());
        assertFalse(list.get(2).has("location"));
        assertFalse(r.body().contains("1234"));
    }

    @Test
    void statusOfAPublicAndAPrivateGroup() throws Exception {
        JsonNode s = json(server.get("/group/teaching/networking/.status"));
        assertEquals("teaching/networking", s.get("name").asText());
        assertEquals(server.base() + "/group/teaching/networking/", s.get("location").asText());
        assertEquals("https://auth.example", s.get("authServer").asText());
        assertEquals(0, s.get("clientCount").asInt());

        JsonNode p = json(server.get("/group/private/.status"));
        assertEquals("Hidden", p.get("displayName").asText());
        assertFalse(p.has("clientCount"));
        assertFalse(p.has("locked"));

        assertEquals(308, server.get("/group/private/.status.json").statusCode());
        assertEquals("/group/private/.status",
                server.get("/group/private/.status.json").headers().firstValue("location").orElseThrow());
        assertEquals(404, server.get("/group/nope/.status").statusCode());
        assertEquals(404, server.get("/group/private/.other").statusCode());
    }

    @Test
    void meetingPageRedirectsAndNotFound() throws Exception {
        HttpResponse<String> page = server.get("/group/example/");
        assertEquals(200, page.statusCode());
        assertEquals("text/html; charset=utf-8", page.headers().firstValue("content-type").orElseThrow());
        assertTrue(page.body().contains("<html"));

        HttpResponse<String> noSlash = server.get("/group/teaching/networking");
        assertEquals(308, noSlash.statusCode());
        assertEquals("/group/teaching/networking/", noSlash.headers().firstValue("location").orElseThrow());
        // the group's auth server may be contacted by the page
        assertTrue(server.get("/group/teaching/networking/").headers().firstValue("content-security-policy")
                .orElseThrow().contains("connect-src https://auth.example "));

        HttpResponse<String> moved = server.get("/group/moved/");
        assertEquals(308, moved.statusCode());
        assertEquals("https://elsewhere.example/group/x/", moved.headers().firstValue("location").orElseThrow());

        HttpResponse<String> unknown = server.get("/group/unknown/");
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.body().contains("Not found"));
        assertEquals(404, server.get("/group/").statusCode());
        assertEquals(405, server.send(HttpRequest.newBuilder(server.uri("/group/example/"))
                .DELETE()).statusCode());
    }

    @Test
    void editedFileTakesEffectWithoutRestart() throws Exception {
        assertEquals(404, server.get("/group/late/").statusCode());
        server.writeGroup("late", "{\"displayName\": \"Late\"}");
        assertEquals(200, server.get("/group/late/").statusCode());
        assertEquals("Late", json(server.get("/group/late/.status")).get("displayName").asText());

        server.writeGroup("late", "{\"displayName\": \"Later\", \"public\": true}");
        Files.setLastModifiedTime(server.groups.resolve("late.json"), FileTime.from(Instant.now().plusSeconds(3)));
        assertEquals("Later", json(server.get("/group/late/.status")).get("displayName").asText());
        assertTrue(server.get("/public-groups.json").body().contains("\"late\""));

        Files.delete(server.groups.resolve("late.json"));
        assertEquals(404, server.get("/group/late/").statusCode());
    }

    @Test
    void brokenFileBesideAGoodOne() throws Exception {
        server.writeGroup("broken", "{\"public\": true,\n \"max_clients\": 2}");
        HttpResponse<String> broken = server.get("/group/broken/");
        assertEquals(503, broken.statusCode());
        assertTrue(broken.body().contains("definition file has an error"), broken.body());
        assertFalse(broken.body().contains(dir.toString()), "no file paths to visitors");
        assertEquals(503, server.get("/group/broken/.status").statusCode());
        assertEquals(200, server.get("/group/example/").statusCode());
        HttpResponse<String> list = server.get("/public-groups.json");
        assertEquals(200, list.statusCode());
        assertFalse(list.body().contains("broken"));
        assertTrue(list.body().contains("example"));
    }

    @Test
    void landingPageAndItsScriptAreServed() throws Exception {
        HttpResponse<String> landing = server.get("/");
        assertEquals(200, landing.statusCode());
        assertTrue(landing.body().contains("id=\"join\""));
        assertTrue(server.get("/landing.js").body().contains("/public-groups.json"));
    }

    @Test
    void canonicalHostRedirectsOtherNamesButNotTheApiOrList() throws Exception {
        Files.writeString(server.data.resolve("config.json"), "{\"canonicalHost\": \"meet.example.org\"}");
        String other = server.raw("GET /group/example/?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertTrue(other.startsWith("HTTP/1.1 301 "), other);
        assertTrue(other.contains("location: https://meet.example.org/group/example/\r\n"), other);
        String same = server.raw("GET /group/example/ HTTP/1.1\r\nHost: MEET.example.org\r\nConnection: close\r\n\r\n");
        assertTrue(same.startsWith("HTTP/1.1 200 "), same);
        assertEquals(200, server.rawStatus("/public-groups.json", "127.0.0.1"));
    }

    @Test
    void canonicalHostRedirectsRecordingsButNoMountedApi() throws Exception {
        Files.writeString(server.data.resolve("config.json"), "{\"canonicalHost\": \"meet.example.org\"}");
        assertEquals(401, server.rawStatus("/galene-api/v0/.groups/", "127.0.0.1"));
        assertEquals(404, server.rawStatus("/stats.json", "127.0.0.1"), "no statistics mounted: 404, not the page");
        assertEquals(404, server.rawStatus("/invitation/x", "127.0.0.1"));
        assertEquals(404, server.rawStatus("/ws/", "127.0.0.1"));
        assertEquals(301, server.rawStatus("/recordings/", "127.0.0.1"), "recordings are pages");
        assertEquals(301, server.rawStatus("/metrics", "127.0.0.1"), "no metrics mounted: an ordinary path");
    }

    @Test
    void proxyUrlSetsTheUrlsGivenToClients() throws Exception {
        Files.writeString(server.data.resolve("config.json"), "{\"proxyURL\": \"https://meet.example.org/video/\"}");
        JsonNode s = json(server.get("/group/example/.status"));
        assertEquals("https://meet.example.org/video/group/example/", s.get("location").asText());
        assertEquals("wss://meet.example.org/video/ws", s.get("endpoint").asText());
    }

    @Test
    void groupNamesAreEncodedInUrls() throws Exception {
        server.writeGroup("café", "{\"public\": true}");
        JsonNode s = json(server.get("/group/caf%C3%A9/.status"));
        assertEquals("café", s.get("name").asText());
        assertEquals(server.base() + "/group/caf%C3%A9/", s.get("location").asText());
        assertEquals("/group/caf%C3%A9/", server.get("/group/caf%C3%A9").headers().firstValue("location").orElseThrow());
    }
}
