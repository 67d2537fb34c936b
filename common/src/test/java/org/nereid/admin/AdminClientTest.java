package org.nereid.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.nereid.model.GroupDescription;
import org.nereid.model.Password;
import org.nereid.model.Permissions;
import org.nereid.model.StatefulToken;
import org.nereid.model.UserDescription;

class AdminClientTest {
    private FakeApi api;
    private AdminClient client;

    @BeforeEach
    void start() throws Exception {
        api = FakeApi.http();
        client = AdminClient.create(api.uri(), "vimes", "sybil", null, ServerTrust.system());
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void basicAuthIsSentOnEveryRequest() throws Exception {
        api.on("GET", "/galene-api/v0/.groups/", 200, Map.of(), "[\"a\",\"b/c\"]");
        assertEquals(List.of("a", "b/c"), client.listGroups());
        String expected = "Basic " + Base64.getEncoder().encodeToString("vimes:sybil".getBytes(StandardCharsets.UTF_8));
        assertEquals(expected, api.last().header("Authorization"));
    }

    @Test
    void bearerTokenWinsOverBasic() throws Exception {
        AdminClient withToken = AdminClient.create(api.uri(), "vimes", "sybil", "t0k", ServerTrust.system());
        api.on("GET", "/galene-api/v0/.groups/", 200, Map.of(), "[]");
        withToken.listGroups();
        assertEquals("Bearer t0k", api.last().header("Authorization"));
    }

    @Test
    void createGroupRefusesToOverwrite() throws Exception {
        api.on("PUT", "/galene-api/v0/.groups/teaching/networking", 201, Map.of(), "");
        client.createGroup("teaching/networking", GroupDescription.builder().autoSubgroups(true).build());
        FakeApi.Request r = api.last();
        assertEquals("*", r.header("If-None-Match"));
        assertNull(r.header("If-Match"));
        assertEquals("application/json", r.header("Content-Type"));
        assertEquals("{\"auto-subgroups\":true}", r.body());

        api.on("PUT", "/galene-api/v0/.groups/city-watch", 412, Map.of(), "");
        AdminException e = assertThrows(AdminException.class,
                () -> client.createGroup("city-watch", GroupDescription.EMPTY));
        assertEquals("the group \"city-watch\" already exists (412)", e.getMessage());
        assertEquals(412, e.status());
    }

    @Test
    void updateGroupSendsTheEtagBack() throws Exception {
        api.on("GET", "/galene-api/v0/.groups/g", 200, Map.of("ETag", "\"12-345\""), "{\"displayName\":\"G\"}");
        Versioned<GroupDescription> g = client.getGroup("g");
        assertEquals("G", g.value().displayName());
        assertEquals("\"12-345\"", g.etag());

        api.on("PUT", "/galene-api/v0/.groups/g", 204, Map.of(), "");
        client.updateGroup("g", g.value().toBuilder().isPublic(true).build(), g.etag());
        assertEquals("\"12-345\"", api.last().header("If-Match"));
        assertNull(api.last().header("If-None-Match"));

        api.on("PUT", "/galene-api/v0/.groups/g", 412, Map.of(), "");
        AdminException e = assertThrows(AdminException.class, () -> client.updateGroup("g", g.value(), g.etag()));
        assertEquals("the group \"g\" was changed by someone else (412): reload and try again", e.getMessage());
    }

    @Test
    void conditionalDeletes() throws Exception {
        api.on("DELETE", "/galene-api/v0/.groups/g", 412, Map.of(), "");
        AdminException e = assertThrows(AdminException.class, () -> client.deleteGroup("g", "\"1\""));
        assertEquals("\"1\"", api.last().header("If-Match"));
        assertEquals("the group \"g\" was changed by someone else (412): reload and try again", e.getMessage());
        api.on("DELETE", "/galene-api/v0/.groups/g/.users/bob", 204, Map.of(), "");
        client.deleteUser("g", UserRef.named("bob"), "\"2\"");
        assertEquals("\"2\"", api.last().header("If-Match"));
    }

    @Test
    void namesArePercentEncodedButKeepTheirSlashes() throws Exception {
        api.on("DELETE", "/galene-api/v0/.groups/caf%C3%A9%20cr%C3%A8me/sub", 204, Map.of(), "");
        client.deleteGroup("café crème/sub");
        assertEquals("DELETE", api.last().method());
    }

    @Test
    void usersAndPasswords() throws Exception {
        api.on("GET", "/galene-api/v0/.groups/g/.users/", 200, Map.of("ETag", "\"1\""), "[\"bob\"]");
        assertEquals(List.of("bob"), client.listUsers("g"));

        api.on("GET", "/galene-api/v0/.groups/g/.users/bob", 200, Map.of("ETag", "\"2\""), "{\"permissions\":\"op\"}");
        assertEquals(Permissions.named("op"), client.getUser("g", UserRef.named("bob")).value().permissions());

        api.on("PUT", "/galene-api/v0/.groups/g/.wildcard-user", 201, Map.of(), "");
        client.createUser("g", UserRef.wildcardUser(), new UserDescription(null, Permissions.named("present")));
        assertEquals("{\"permissions\":\"present\"}", api.last().body());

        api.on("PUT", "/galene-api/v0/.groups/g/.empty-user/.password", 204, Map.of(), "");
        client.setPassword("g", UserRef.named(""), Password.wildcard());
        assertEquals("{\"type\":\"wildcard\"}", api.last().body());

        api.on("POST", "/galene-api/v0/.groups/g/.users/bob/.password", 204, Map.of(), "");
        client.setPasswordHashedByServer("g", UserRef.named("bob"), "sybil");
        assertTrue(api.last().header("Content-Type").startsWith("text/plain"));
        assertEquals("sybil", api.last().body());

        api.on("DELETE", "/galene-api/v0/.groups/g/.users/bob", 404, Map.of(), "");
        AdminException e = assertThrows(AdminException.class, () -> client.deleteUser("g", UserRef.named("bob")));
        assertEquals("user \"bob\" of the group \"g\" does not exist (404)", e.getMessage());
    }

    @Test
    void keysAreSentAsAJwkSet() throws Exception {
        api.on("PUT", "/galene-api/v0/.groups/g/.keys", 204, Map.of(), "");
        client.setKeys("g", List.of(Map.of("kty", "oct", "alg", "HS256", "k", "c2VjcmV0")));
        assertEquals("application/jwk-set+json", api.last().header("Content-Type"));
        assertEquals("{\"keys\":[{\"alg\":\"HS256\",\"k\":\"c2VjcmV0\",\"kty\":\"oct\"}]}", api.last().body());
    }

    @Test
    void tokens() throws Exception {
        api.on("POST", "/galene-api/v0/.groups/g/.tokens/", 201, Map.of("Location", "abcDEF"), "");
        String name = client.createToken("g", Map.of("permissions", List.of("present")));
        assertEquals("abcDEF", name);

        api.on("GET", "/galene-api/v0/.groups/.tokens/", 200, Map.of(), "[\"x\"]");
        assertEquals(List.of("x"), client.listTokens(""));

        api.on("GET", "/galene-api/v0/.groups/g/.tokens/abcDEF", 200, Map.of("ETag", "\"e\""),
                "{\"token\":\"\",\"group\":\"\",\"permissions\":[\"present\"],\"expires\":\"2026-01-01T00:00:00Z\"}");
        Versioned<StatefulToken> t = client.getToken("g", "abcDEF");
        assertEquals(List.of("present"), t.value().permissions());
        assertEquals("abcDEF", t.value().token());
        assertEquals("g", t.value().group());

        api.on("PUT", "/galene-api/v0/.groups/g/.tokens/abcDEF", 204, Map.of(), "");
        client.updateToken("g", "abcDEF", t.value().withExpires(null), t.etag());
        assertEquals("\"e\"", api.last().header("If-Match"));
        assertEquals("{\"token\":\"\",\"group\":\"\",\"permissions\":[\"present\"]}", api.last().body());
    }

    @Test
    void refusalsAreSentences() throws Exception {
        api.on("GET", "/galene-api/v0/.groups/", 401, Map.of(), "not authorised");
        AdminException e = assertThrows(AdminException.class, () -> client.listGroups());
        assertTrue(e.getMessage().startsWith("not authorised (401): check the administrator"), e.getMessage());
        api.on("GET", "/galene-api/v0/.stats", 500, Map.of(), "boom");
        e = assertThrows(AdminException.class, () -> client.stats());
        assertEquals("the server failed while handling the statistics (500): boom", e.getMessage());
    }

    @Test
    void recordingsAreListedPerGroup() throws Exception {
        api.on("GET", "/galene-api/v0/.groups/team/a%20b/.recordings/", 200, Map.of(),
                "[{\"name\": \"2026-01-02T10:00:00.000-ann.webm\", \"size\": 1234,"
                        + " \"modified\": \"2026-01-02T10:05:00Z\"}]");
        assertEquals(java.util.List.of(new AdminClient.RecordingFile("2026-01-02T10:00:00.000-ann.webm", 1234,
                "2026-01-02T10:05:00Z")), client.listRecordings("team/a b"));
        assertEquals("application/json", api.last().header("Accept"));
    }

    @Test
    void aStoppedServerIsReportedPlainly() {
        java.net.URI gone = api.uri();
        api.close();
        AdminClient c = AdminClient.create(gone, null, null, null, ServerTrust.system());
        java.io.IOException e = assertThrows(java.io.IOException.class, c::listGroups);
        assertTrue(e.getMessage().contains("is the server running?"), e.getMessage());
    }

    @Test
    void addressesOfTheServersPages() {
        AdminClient c = AdminClient.create(java.net.URI.create("https://h:8443"), "a", "b", null, ServerTrust.system());
        assertEquals("https://h:8443/", c.serverUrl().toString());
        assertEquals("wss://h:8443/ws", c.webSocket().toString());
        assertEquals("https://h:8443/group/a/b%20c/", c.groupPage("a/b c").toString());
        assertEquals("a", c.username());
        assertNull(AdminClient.create(c.serverUrl(), "a", null, "tok", ServerTrust.system()).username());
    }

    @Test
    void recordingsGoThroughThePublicPagesAsAGroupUser(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        AdminClient recorder = client.withUser("rec", "pw");
        String basic = "Basic " + Base64.getEncoder().encodeToString("rec:pw".getBytes(StandardCharsets.UTF_8));
        api.on("GET", "/recordings/g/", 200, Map.of(), "<table></table>");
        assertEquals("<table></table>", recorder.recordingsPage("g"));
        assertEquals(basic, api.last().header("Authorization"));

        api.on("GET", "/recordings/g/a%20b.webm", 200, Map.of(), "webm!");
        java.nio.file.Path target = dir.resolve("a.webm");
        assertEquals(5, recorder.downloadRecording("g", "a b.webm", target));
        assertEquals("webm!", java.nio.file.Files.readString(target));
        assertEquals(List.of(target), List.of(java.nio.file.Files.list(dir).toArray()));

        api.on("GET", "/recordings/g/gone.webm", 404, Map.of(), "");
        assertEquals(404, assertThrows(AdminException.class,
                () -> recorder.downloadRecording("g", "gone.webm", dir.resolve("gone.webm"))).status());
        assertTrue(java.nio.file.Files.notExists(dir.resolve("gone.webm.part")));

        api.on("POST", "/recordings/g/", 303, Map.of("Location", "/recordings/g/"), "");
        recorder.deleteRecording("g", "a b.webm");
        assertEquals("q=delete&filename=a+b.webm", api.last().body());
        assertEquals(basic, api.last().header("Authorization"));
    }

    @Test
    void clusterIsTypedAndEmptyForAServerAlone() throws Exception {
        api.on("GET", "/galene-api/v0/.cluster", 404, Map.of(), "not found");
        assertTrue(client.cluster().isEmpty(), "a server alone (or Galène) answers 404");
        api.on("GET", "/galene-api/v0/.cluster", 200, Map.of(), "{\"self\": \"10.0.0.1:5701\", \"nodes\": [{\"node\":"
                + " \"10.0.0.1:5701\", \"url\": \"https://10.0.0.1:8443/\", \"clients\": 14, \"streams\": 52,"
                + " \"bitrate\": 18200000, \"cpu\": 0.31, \"draining\": true, \"future\": 1, \"groups\":"
                + " {\"class-4a\": {\"clients\": 14, \"locked\": false}, \"b\": {\"clients\": 0}}}]}");
        ClusterStatus status = client.cluster().orElseThrow();
        assertEquals("10.0.0.1:5701", status.self());
        ClusterStatus.Node n = status.nodes().get(0);
        assertEquals(14, n.clients());
        assertEquals("draining", n.state());
        assertEquals("18.2 Mb/s", n.bitrateText());
        assertEquals("31%", n.cpuText());
        assertEquals("b(0) class-4a(14)", n.groupsText());
    }

    @Test
    void drainSendsTheNodeAndSecondsAndReturnsTheDeadline() throws Exception {
        api.on("POST", "/galene-api/v0/.cluster/.drain", 202, Map.of(),
                "{\"node\": \"10.0.0.2:5701\", \"deadline\": \"2026-12-06T14:00:00Z\"}");
        assertEquals(java.time.Instant.parse("2026-12-06T14:00:00Z"), client.drain("10.0.0.2:5701", 600));
        assertEquals(Map.of("node", "10.0.0.2:5701", "seconds", 600),
                new com.fasterxml.jackson.databind.ObjectMapper().readValue(api.last().body(), Map.class));
        api.on("POST", "/galene-api/v0/.cluster/.drain", 404, Map.of(), "No live node");
        AdminException e = assertThrows(AdminException.class, () -> client.drain("nowhere:1", 600));
        assertEquals(404, e.status());
    }

    @Test
    void aNodesStateAndFiguresReadAsPeopleReadThem() {
        ClusterStatus.Node idle = new ClusterStatus.Node("n", "u", "e", 0, 0, 640, -1, false, null);
        assertEquals("serving", idle.state());
        assertEquals("640 b/s", idle.bitrateText());
        assertEquals("?", idle.cpuText());
        assertEquals("-", idle.groupsText());
        ClusterStatus.Node drained = new ClusterStatus.Node("n", "u", "e", 0, 0, 64_000, 0.074, true, Map.of());
        assertEquals("drained", drained.state());
        assertEquals("64 kb/s", drained.bitrateText());
        assertEquals("7%", drained.cpuText());
    }
}
