package org.nereid.web.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.auth.Authoriser;
import org.nereid.auth.TokenStore;
import org.nereid.json.Json;
import org.nereid.model.StatefulToken;
import org.nereid.server.AdminWiring;
import org.nereid.testing.RunningServer;
import org.nereid.web.Mount;

/** The .tokens endpoints over real HTTP against a real tokens.jsonl, wired as the server wires them. */
class TokenApiIT {
    static final String API = "/galene-api/v0";
    static final String ROOT = basic("root", "hunter2");

    @TempDir
    Path dir;
    RunningServer server;
    TokenStore store;

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void start() throws Exception {
        store = TokenStore.inDataDirectory(dir.resolve("data"), Clock.systemUTC());
        Authoriser authoriser = new Authoriser(store, Clock.systemUTC());
        server = RunningServer.start(dir, o -> o,
                n -> n.mount(Mount.ADMIN_API,
                        self -> AdminWiring.adminApi(self, store, authoriser, Clock.systemUTC())));
        // writableGroups false: Galène does not gate tokens on it
        Files.writeString(server.data.resolve("config.json"), "{\"writableGroups\": false,\n"
                + " \"users\": {\"root\": {\"password\": \"hunter2\", \"permissions\": \"admin\"}}}");
        server.writeGroup("city", "{\"users\": {\"vetinari\": {\"password\": \"lagniappe\", \"permissions\": \"admin\"},"
                + " \"vimes\": {\"password\": \"sybil\", \"permissions\": \"op\"}}}");
        server.writeGroup("town", "{}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    HttpResponse<String> send(String method, String path, String auth, String type, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.uri(API + path))
                .method(method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofString(body));
        if (auth != null) {
            b.header("Authorization", auth);
        }
        if (type != null) {
            b.header("Content-Type", type);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return server.send(b);
    }

    HttpResponse<String> get(String path) throws Exception {
        return send("GET", path, ROOT, null, null);
    }

    String create(String group, String template) throws Exception {
        HttpResponse<String> r = send("POST", group + "/.tokens/", ROOT, "application/json", template);
        assertEquals(201, r.statusCode(), r.body());
        return r.headers().firstValue("location").orElseThrow();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.mapper().readTree(r.body());
    }

    static String etag(HttpResponse<?> r) {
        return r.headers().firstValue("etag").orElseThrow();
    }

    @Test
    void theDocumentedPerUserPathSeesAndMakesOnlyThatUsersTokens() throws Exception {
        String forCarrot = create("/.groups/city", "{\"username\": \"carrot\", \"expires\": \"2099-01-01T00:00:00Z\"}");
        String open = create("/.groups/city", "{\"expires\": \"2099-01-01T00:00:00Z\"}");

        HttpResponse<String> made = send("POST", "/.groups/city/.users/carrot/.tokens/", ROOT, "application/json",
                "{\"permissions\": [\"present\"], \"expires\": \"2098-01-01T00:00:00Z\"}");
        assertEquals(201, made.statusCode(), made.body());
        String id = made.headers().firstValue("location").orElseThrow();
        assertEquals("carrot", store.get(id).orElseThrow().username(), "the URL's user is imposed");

        List<?> listed = Json.mapper().convertValue(json(get("/.groups/city/.users/carrot/.tokens/")), List.class);
        assertEquals(List.of(id, forCarrot), listed, "only carrot's tokens, soonest expiry first");
        assertEquals(200, get("/.groups/city/.users/carrot/.tokens/" + forCarrot).statusCode());
        assertEquals(404, get("/.groups/city/.users/carrot/.tokens/" + open).statusCode(), "not carrot's token");

        HttpResponse<String> other = send("POST", "/.groups/city/.users/carrot/.tokens/", ROOT, "application/json",
                "{\"username\": \"nobby\", \"expires\": \"2098-01-01T00:00:00Z\"}");
        assertEquals(400, other.statusCode());
        assertTrue(other.body().contains("carrot"), other.body());

        HttpResponse<String> gone = send("DELETE", "/.groups/city/.users/carrot/.tokens/" + id, ROOT, null, null,
                "If-Match", etag(get("/.groups/city/.users/carrot/.tokens/" + id)));
        assertEquals(204, gone.statusCode(), gone.body());
        assertTrue(store.get(id).isEmpty());
        assertTrue(store.get(open).isPresent(), "other tokens untouched");
    }

    @Test
    void postCreatesATokenInTheFileAndTheListNamesIt() throws Exception {
        HttpResponse<String> empty = get("/.groups/city/.tokens/");
        assertEquals(200, empty.statusCode());
        assertEquals("[]", empty.body().trim());

        String id = create("/.groups/city", "{\"username\": \"carrot\", \"permissions\": [\"present\", \"message\"],"
                + " \"expires\": \"2099-01-01T00:00:00Z\", \"x-note\": \"kept\"}");
        assertTrue(id.matches("[A-Za-z0-9_-]{22}"), id);
        StatefulToken stored = store.get(id).orElseThrow();
        assertEquals("city", stored.group());
        assertEquals("carrot", stored.username());
        assertEquals(List.of("present", "message"), stored.permissions());
        assertTrue(stored.issuedAt() != null, "issuedAt is set");
        assertEquals("\"kept\"", stored.extra().get("x-note").toString());

        String later = create("/.groups/city", "{\"expires\": \"2098-01-01T00:00:00Z\"}");
        create("/.groups/town", "{\"expires\": \"2098-01-01T00:00:00Z\"}");
        HttpResponse<String> list = get("/.groups/city/.tokens/");
        assertEquals(200, list.statusCode());
        assertEquals(List.of(later, id), Json.mapper().convertValue(json(list), List.class), "soonest expiry first");
        assertFalse(etag(list).isEmpty());
        HttpResponse<String> head = send("HEAD", "/.groups/city/.tokens/", ROOT, null, null);
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
    }

    @Test
    void getShowsTheTokenWithoutIdAndGroupWithAnEtag() throws Exception {
        String id = create("/.groups/city", "{\"username\": \"\", \"permissions\": [\"present\"],"
                + " \"expires\": \"2099-01-01T00:00:00Z\", \"not-before\": \"2026-01-01T10:00:00+01:00\"}");
        HttpResponse<String> r = get("/.groups/city/.tokens/" + id);
        assertEquals(200, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("content-type").orElseThrow().split(";")[0]);
        JsonNode t = json(r);
        assertEquals("", t.get("token").asText());
        assertEquals("", t.get("group").asText());
        assertEquals("", t.get("username").asText());
        assertEquals("2099-01-01T00:00:00Z", t.get("expires").asText());
        assertEquals("2026-01-01T10:00:00+01:00", t.get("not-before").asText());
        String etag = etag(r);
        assertEquals(304, send("GET", "/.groups/city/.tokens/" + id, ROOT, null, null, "If-None-Match", etag).statusCode());
        assertEquals(200, send("HEAD", "/.groups/city/.tokens/" + id, ROOT, null, null).statusCode());
        assertEquals(404, get("/.groups/town/.tokens/" + id).statusCode(), "another group's token is not found");
        assertEquals(404, get("/.groups/city/.tokens/nosuchtoken").statusCode());
    }

    @Test
    void putEditsExpiryUnderIfMatchAndRefusesStaleOrOverspecifiedEdits() throws Exception {
        String id = create("/.groups/city", "{\"permissions\": [\"present\"], \"expires\": \"2099-01-01T00:00:00Z\"}");
        HttpResponse<String> read = get("/.groups/city/.tokens/" + id);
        String etag = etag(read);
        // revoked a minute ago: kept (and extendable) for a week
        String past = java.time.Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        String revoked = read.body().replace("2099-01-01T00:00:00Z", past);
        assertEquals(204, send("PUT", "/.groups/city/.tokens/" + id, ROOT, "application/json", revoked,
                "If-Match", etag).statusCode());
        assertEquals(past, store.get(id).orElseThrow().expires().toInstant().toString());
        assertEquals("city", store.get(id).orElseThrow().group());

        HttpResponse<String> stale = send("PUT", "/.groups/city/.tokens/" + id, ROOT, "application/json", read.body(),
                "If-Match", etag);
        assertEquals(412, stale.statusCode());
        assertEquals(past, store.get(id).orElseThrow().expires().toInstant().toString(), "nothing lost");

        String current = etag(get("/.groups/city/.tokens/" + id));
        assertEquals(400, send("PUT", "/.groups/city/.tokens/" + id, ROOT, "application/json",
                "{\"group\": \"town\", \"expires\": \"2099-01-01T00:00:00Z\"}", "If-Match", current).statusCode());
        HttpResponse<String> renamed = send("PUT", "/.groups/city/.tokens/" + id, ROOT, "application/json",
                "{\"token\": \"other\"}", "If-Match", current);
        assertEquals(400, renamed.statusCode());
        assertTrue(renamed.body().contains("Overspecified"), renamed.body());
        assertEquals(409, send("PUT", "/.groups/town/.tokens/" + id, ROOT, "application/json", "{}").statusCode(),
                "a token of another group cannot be taken over");
        assertEquals(412, send("PUT", "/.groups/city/.tokens/fresh", ROOT, "application/json", "{}",
                "If-Match", "*").statusCode(), "If-Match: * needs an existing token");
        assertEquals(201, send("PUT", "/.groups/city/.tokens/fresh", ROOT, "application/json",
                "{\"expires\": \"2099-01-01T00:00:00Z\"}", "If-None-Match", "*").statusCode(), "PUT creates, as in Galène");
        assertEquals("city", store.get("fresh").orElseThrow().group());
    }

    @Test
    void deleteRemovesTheTokenUnderIfMatch() throws Exception {
        String id = create("/.groups/city", "{\"expires\": \"2099-01-01T00:00:00Z\"}");
        String etag = etag(get("/.groups/city/.tokens/" + id));
        assertEquals(404, send("DELETE", "/.groups/town/.tokens/" + id, ROOT, null, null).statusCode());
        assertEquals(412, send("DELETE", "/.groups/city/.tokens/" + id, ROOT, null, null, "If-Match", "\"stale\"").statusCode());
        assertEquals(204, send("DELETE", "/.groups/city/.tokens/" + id, ROOT, null, null, "If-Match", etag).statusCode());
        assertTrue(store.get(id).isEmpty());
        assertEquals(404, send("DELETE", "/.groups/city/.tokens/" + id, ROOT, null, null).statusCode());
    }

    @Test
    void refusesBadBodiesMethodsPathsAndGroups() throws Exception {
        HttpResponse<String> type = send("POST", "/.groups/city/.tokens/", ROOT, "text/plain", "{}");
        assertEquals(415, type.statusCode());
        assertEquals("application/json", type.headers().firstValue("accept").orElseThrow());
        HttpResponse<String> bad = send("POST", "/.groups/city/.tokens/", ROOT, "application/json", "{\"expires\": 3");
        assertEquals(400, bad.statusCode());
        assertTrue(bad.body().startsWith("The request body is not a token"), bad.body());
        assertEquals(400, send("POST", "/.groups/city/.tokens/", ROOT, "application/json",
                "{\"expires\": \"tomorrow\"}").statusCode());
        HttpResponse<String> perm = send("POST", "/.groups/city/.tokens/", ROOT, "application/json",
                "{\"permissions\": [\"present\", \"god\"]}");
        assertEquals(400, perm.statusCode());
        assertTrue(perm.body().contains("\"god\" is not a permission"), perm.body());
        assertEquals(400, send("POST", "/.groups/city/.tokens/", ROOT, "application/json",
                "{\"username\": \"../x\"}").statusCode());
        assertEquals(400, send("POST", "/.groups/city/.tokens/", ROOT, "application/json",
                "{\"token\": \"chosen\"}").statusCode());
        assertEquals(List.of(), store.listAll(), "nothing refused was stored");

        HttpResponse<String> method = send("PUT", "/.groups/city/.tokens/", ROOT, "application/json", "{}");
        assertEquals(405, method.statusCode());
        assertEquals("OPTIONS, HEAD, GET, POST", method.headers().firstValue("allow").orElseThrow());
        HttpResponse<String> post = send("POST", "/.groups/city/.tokens/x", ROOT, "application/json", "{}");
        assertEquals(405, post.statusCode());
        assertEquals("OPTIONS, HEAD, GET, PUT, DELETE", post.headers().firstValue("allow").orElseThrow());

        assertEquals(404, get("/.groups/city/.tokens").statusCode(), "the list needs its slash");
        assertEquals(404, get("/.groups/city/.tokens/a/b").statusCode());
        assertEquals(404, get("/.groups/nowhere/.tokens/").statusCode());
        assertEquals(404, send("POST", "/.groups/nowhere/.tokens/", ROOT, "application/json", "{}").statusCode());
    }

    @Test
    void onlyAdministratorsOfTheGroupOrTheServerMayManageTokens() throws Exception {
        assertEquals(401, send("GET", "/.groups/city/.tokens/", null, null, null).statusCode());
        assertEquals(401, send("GET", "/.groups/city/.tokens/", basic("vimes", "sybil"), null, null).statusCode());
        String vetinari = basic("vetinari", "lagniappe");
        assertEquals(201, send("POST", "/.groups/city/.tokens/", vetinari, "application/json", "{}").statusCode());
        assertEquals(401, send("GET", "/.groups/town/.tokens/", vetinari, null, null).statusCode());
        assertEquals(401, send("GET", "/.groups/.tokens/", vetinari, null, null).statusCode(),
                "the root group's tokens are for server administrators");
    }

    @Test
    void theRootGroupsTokensLiveUnderGroupsDotTokens() throws Exception {
        String id = create("/.groups", "{\"includeSubgroups\": true, \"permissions\": [\"admin\"],"
                + " \"expires\": \"2099-01-01T00:00:00Z\"}");
        StatefulToken t = store.get(id).orElseThrow();
        assertEquals("", t.group());
        assertTrue(t.includeSubgroups());
        assertEquals(List.of(id), Json.mapper().convertValue(json(get("/.groups/.tokens/")), List.class));
        assertEquals(200, get("/.groups/.tokens/" + id).statusCode());
        assertEquals(404, get("/.groups/city/.tokens/" + id).statusCode());
        assertNotEquals(List.of(), store.listAll());
    }
}
