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
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.json.Json;
import org.nereid.model.GroupDescription;
import org.nereid.model.Password;
import org.nereid.password.Passwords;
import org.nereid.testing.RunningServer;
import org.nereid.web.Mount;

/** The admin API over real HTTP against real files: every endpoint and every refusal. */
class AdminApiIT {
    static final String API = "/galene-api/v0";
    static final String ADMIN = "Basic " + Base64.getEncoder().encodeToString("root:hunter2".getBytes(StandardCharsets.UTF_8));

    @TempDir
    Path dir;
    RunningServer server;

    @BeforeEach
    void start() throws Exception {
        server = RunningServer.start(dir);
        writeConfig(true);
        server.writeGroup("city", "{\"public\": true, \"displayName\": \"City\",\n"
                + " \"users\": {\"vimes\": {\"password\": \"sybil\", \"permissions\": \"op\"},\n"
                + "           \"vetinari\": {\"password\": \"lagniappe\", \"permissions\": \"admin\"}},\n"
                + " \"wildcard-user\": {\"password\": \"1234\", \"permissions\": \"present\"},\n"
                + " \"authKeys\": [{\"kty\": \"oct\", \"alg\": \"HS256\", \"k\": \"c2VjcmV0\"}]}");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    void writeConfig(boolean writable) throws Exception {
        Files.writeString(server.data.resolve("config.json"), "{\"writableGroups\": " + writable + ",\n"
                + " \"allowAdminOrigin\": [\"https://console.example\"],\n"
                + " \"users\": {\"root\": {\"password\": \"hunter2\", \"permissions\": \"admin\"},"
                + " \"mere\": {\"password\": \"mortal\", \"permissions\": \"op\"}}}");
        Files.setLastModifiedTime(server.data.resolve("config.json"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + (writable ? 2000 : 4000)));
    }

    HttpRequest.Builder req(String path) {
        return HttpRequest.newBuilder(server.uri(API + path)).header("Authorization", ADMIN);
    }

    HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return server.send(b);
    }

    HttpResponse<String> get(String path) throws Exception {
        return send(req(path));
    }

    HttpResponse<String> put(String path, String type, String body, String... headers) throws Exception {
        HttpRequest.Builder b = req(path).header("Content-Type", type).PUT(BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return send(b);
    }

    GroupDescription onDisk(String name) throws Exception {
        return Json.readStrict(server.groups.resolve(name + ".json"), GroupDescription.class);
    }

    static String etag(HttpResponse<?> r) {
        return r.headers().firstValue("etag").orElseThrow();
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return Json.mapper().readTree(r.body());
    }

    // --- authentication, CORS, routing

    @Test
    void refusesWithoutCredentialsOrWithWrongOnes() throws Exception {
        HttpResponse<String> none = server.get(API + "/.groups/");
        assertEquals(401, none.statusCode());
        assertEquals("Basic realm=\"/galene-api/\"", none.headers().firstValue("www-authenticate").orElseThrow());
        String wrong = "Basic " + Base64.getEncoder().encodeToString("root:wrong".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, send(HttpRequest.newBuilder(server.uri(API + "/.groups/")).header("Authorization", wrong)).statusCode());
        String notAdmin = "Basic " + Base64.getEncoder().encodeToString("mere:mortal".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, send(HttpRequest.newBuilder(server.uri(API + "/.groups/")).header("Authorization", notAdmin)).statusCode());
        assertEquals(401, send(HttpRequest.newBuilder(server.uri(API + "/.groups/")).header("Authorization", "Bearer x")).statusCode());
    }

    @Test
    void bearerTokensAreAskedAboutTheGroupTheRequestPointsAt() throws Exception {
        List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();
        AdminTokens tokens = (token, group) -> {
            asked.add(token + "@" + group);
            return token.equals("root-token") || token.equals("city-token") && "city".equals(group);
        };
        try (RunningServer other = RunningServer.start(dir.resolve("other"), o -> o,
                n -> n.mount(Mount.ADMIN_API,
                        self -> new AdminApi(self.groups(), self.config(), null, tokens, null)))) {
            other.writeGroup("city", "{}");
            assertEquals(200, other.send(HttpRequest.newBuilder(other.uri(API + "/.groups/"))
                    .header("Authorization", "Bearer root-token")).statusCode());
            assertEquals(200, other.send(HttpRequest.newBuilder(other.uri(API + "/.groups/city"))
                    .header("Authorization", "Bearer city-token")).statusCode());
            assertEquals(401, other.send(HttpRequest.newBuilder(other.uri(API + "/.groups/"))
                    .header("Authorization", "Bearer city-token")).statusCode());
            assertEquals(List.of("root-token@null", "city-token@city", "city-token@null"), asked);
        }
    }

    @Test
    void groupAdminsManageTheirGroupOnlyAndUsersTheirOwnPassword() throws Exception {
        String vetinari = "Basic " + Base64.getEncoder().encodeToString("vetinari:lagniappe".getBytes(StandardCharsets.UTF_8));
        assertEquals(200, send(HttpRequest.newBuilder(server.uri(API + "/.groups/city")).header("Authorization", vetinari)).statusCode());
        assertEquals(401, send(HttpRequest.newBuilder(server.uri(API + "/.groups/")).header("Authorization", vetinari)).statusCode());

        String vimes = "Basic " + Base64.getEncoder().encodeToString("vimes:sybil".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, send(HttpRequest.newBuilder(server.uri(API + "/.groups/city")).header("Authorization", vimes)).statusCode());
        HttpResponse<String> own = send(HttpRequest.newBuilder(server.uri(API + "/.groups/city/.users/vimes/.password"))
                .header("Authorization", vimes).header("Content-Type", "text/plain").POST(BodyPublishers.ofString("ramkin")));
        assertEquals(204, own.statusCode());
        assertTrue(Passwords.matches(onDisk("city").users().get("vimes").password(), "ramkin"));
        assertEquals(401, send(HttpRequest.newBuilder(server.uri(API + "/.groups/city/.users/vetinari/.password"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("vimes:ramkin".getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "text/plain").POST(BodyPublishers.ofString("x"))).statusCode());
    }

    @Test
    void corsFollowsAllowAdminOrigin() throws Exception {
        HttpResponse<String> allowed = send(req("/.groups/").header("Origin", "https://console.example"));
        assertEquals("https://console.example", allowed.headers().firstValue("access-control-allow-origin").orElseThrow());
        assertEquals("Origin", allowed.headers().firstValue("vary").orElseThrow());
        HttpResponse<String> other = send(req("/.groups/").header("Origin", "https://evil.example"));
        assertTrue(other.headers().firstValue("access-control-allow-origin").isEmpty());
        HttpResponse<String> preflight = send(HttpRequest.newBuilder(server.uri(API + "/.groups/city"))
                .header("Origin", "https://console.example").method("OPTIONS", BodyPublishers.noBody()));
        assertEquals(204, preflight.statusCode());
        assertEquals("OPTIONS, HEAD, GET, PUT, DELETE", preflight.headers().firstValue("access-control-allow-methods").orElseThrow());
        assertEquals("Authorization, Content-Type", preflight.headers().firstValue("access-control-allow-headers").orElseThrow());
    }

    @Test
    void unknownPathsAre404AndWrongMethods405() throws Exception {
        assertEquals(404, get("/.nothing").statusCode());
        assertEquals(404, server.get("/galene-api/v1/.groups/").statusCode());
        assertEquals(404, get("/.groups/city/.nothing").statusCode());
        assertEquals(404, get("/.groups/nope").statusCode());
        assertEquals(404, get("/.groups/city/.users/nobody").statusCode());
        assertEquals(404, get("/.groups/city/.tokens/").statusCode());
        HttpResponse<String> post = send(req("/.groups/city").POST(BodyPublishers.ofString("{}")));
        assertEquals(405, post.statusCode());
        assertEquals("OPTIONS, HEAD, GET, PUT, DELETE", post.headers().firstValue("allow").orElseThrow());
        assertEquals(405, send(req("/.groups/").DELETE()).statusCode());
        assertEquals(405, send(req("/.stats").DELETE()).statusCode());
        assertEquals(405, get("/.groups/city/.keys").statusCode());
        assertEquals(405, get("/.groups/city/.users/vimes/.password").statusCode());
    }

    // --- read endpoints

    @Test
    void statsAndGroupList() throws Exception {
        HttpResponse<String> stats = get("/.stats");
        assertEquals(200, stats.statusCode());
        assertEquals("application/json", stats.headers().firstValue("content-type").orElseThrow());
        assertTrue(json(stats).isArray());
        HttpResponse<String> head = send(req("/.stats").method("HEAD", BodyPublishers.noBody()));
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());

        server.writeGroup("teaching/networking", "{}");
        HttpResponse<String> list = get("/.groups/");
        assertEquals(200, list.statusCode());
        assertEquals(List.of("city", "teaching/networking"),
                Json.mapper().convertValue(json(list), List.class));
    }

    @Test
    void groupDefinitionIsSanitisedWithAnETagAnd304() throws Exception {
        HttpResponse<String> r = get("/.groups/city");
        assertEquals(200, r.statusCode());
        JsonNode d = json(r);
        assertEquals("City", d.get("displayName").asText());
        assertTrue(d.get("public").asBoolean());
        assertFalse(d.has("users"));
        assertFalse(d.has("wildcard-user"));
        assertFalse(d.has("authKeys"));
        assertFalse(r.body().contains("sybil"));
        String etag = etag(r);
        assertEquals(304, send(req("/.groups/city").header("If-None-Match", etag)).statusCode());
        assertEquals(etag, etag(get("/.groups/city/")));
    }

    @Test
    void usersListAndSanitisedUsers() throws Exception {
        HttpResponse<String> users = get("/.groups/city/.users/");
        assertEquals(200, users.statusCode());
        assertEquals(List.of("vetinari", "vimes"), Json.mapper().convertValue(json(users), List.class));
        assertEquals(404, get("/.groups/city/.users").statusCode());

        HttpResponse<String> vimes = get("/.groups/city/.users/vimes");
        assertEquals(200, vimes.statusCode());
        assertEquals("op", json(vimes).get("permissions").asText());
        assertFalse(json(vimes).has("password"));
        assertEquals(etag(users), etag(vimes));

        HttpResponse<String> wildcard = get("/.groups/city/.wildcard-user");
        assertEquals("present", json(wildcard).get("permissions").asText());
        assertFalse(wildcard.body().contains("1234"));
        assertEquals(404, get("/.groups/city/.empty-user").statusCode());
    }

    // --- writes

    @Test
    void createUpdateAndDeleteAGroupWithPreconditions() throws Exception {
        HttpResponse<String> created = put("/.groups/new/", "application/json", "{\"displayName\": \"New\"}",
                "If-None-Match", "*");
        assertEquals(201, created.statusCode());
        assertEquals("New", onDisk("new").displayName());
        // it is live at once
        assertEquals(200, server.get("/group/new/").statusCode());
        assertEquals(412, put("/.groups/new", "application/json", "{}", "If-None-Match", "*").statusCode());

        String etag = etag(get("/.groups/new"));
        assertEquals(204, put("/.groups/new", "application/json", "{\"displayName\": \"Newer\"}", "If-Match", etag).statusCode());
        assertEquals("Newer", onDisk("new").displayName());
        assertEquals(412, put("/.groups/new", "application/json", "{}", "If-Match", etag).statusCode());

        String current = etag(get("/.groups/new"));
        assertEquals(412, send(req("/.groups/new").header("If-Match", etag).DELETE()).statusCode());
        assertEquals(204, send(req("/.groups/new").header("If-Match", current).DELETE()).statusCode());
        assertFalse(Files.exists(server.groups.resolve("new.json")));
        assertEquals(404, server.get("/group/new/").statusCode());
        assertEquals(404, send(req("/.groups/new").DELETE()).statusCode());
    }

    @Test
    void updatingADefinitionKeepsUsersAndKeys() throws Exception {
        assertEquals(204, put("/.groups/city", "application/json", "{\"displayName\": \"Ankh\"}").statusCode());
        GroupDescription d = onDisk("city");
        assertEquals("Ankh", d.displayName());
        assertFalse(d.isPublic());
        assertEquals(2, d.users().size());
        assertEquals(1, d.authKeys().size());
        assertTrue(d.wildcardUser() != null);
    }

    @Test
    void refusesBadBodiesWithReasons() throws Exception {
        HttpResponse<String> type = put("/.groups/city", "text/plain", "{}");
        assertEquals(415, type.statusCode());
        assertEquals("application/json", type.headers().firstValue("accept").orElseThrow());
        HttpResponse<String> unknownField = put("/.groups/city", "application/json", "{\"max_clients\": 3}");
        assertEquals(400, unknownField.statusCode());
        assertTrue(unknownField.body().contains("max-clients"), unknownField.body());
        assertEquals(400, put("/.groups/city", "application/json", "{\"public\": ").statusCode());
        HttpResponse<String> secrets = put("/.groups/city", "application/json", "{\"users\": {\"x\": {}}}");
        assertEquals(400, secrets.statusCode());
        assertTrue(secrets.body().contains(".users/"), secrets.body());
        assertEquals(400, put("/.groups/city/.users/vimes", "application/json",
                "{\"password\": \"x\", \"permissions\": \"op\"}").statusCode());
        assertEquals(400, put("/.groups/city/.keys", "application/jwk-set+json", "{\"keys\": [{\"kty\": \"nope\"}]}").statusCode());
        assertEquals(415, put("/.groups/city/.keys", "application/json", "{\"keys\": []}").statusCode());
        assertEquals("City", onDisk("city").displayName());
    }

    @Test
    void readOnlyServerRefusesWritesWith403() throws Exception {
        writeConfig(false);
        HttpResponse<String> r = put("/.groups/city", "application/json", "{}");
        assertEquals(403, r.statusCode());
        assertTrue(r.body().contains("writableGroups"), r.body());
        assertEquals(403, send(req("/.groups/city").DELETE()).statusCode());
        assertEquals(403, send(req("/.groups/city/.users/vimes/.password").header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofString("x"))).statusCode());
        assertEquals(200, get("/.groups/city").statusCode());
        assertEquals("City", onDisk("city").displayName());
    }

    @Test
    void usersCreatedUpdatedAndDeleted() throws Exception {
        assertEquals(201, put("/.groups/city/.users/carrot", "application/json", "{\"permissions\": \"present\"}",
                "If-None-Match", "*").statusCode());
        assertEquals("present", onDisk("city").users().get("carrot").permissions().name());
        assertEquals(412, put("/.groups/city/.users/carrot", "application/json", "{\"permissions\": \"op\"}",
                "If-None-Match", "*").statusCode());
        String etag = etag(get("/.groups/city/.users/carrot"));
        assertEquals(204, put("/.groups/city/.users/carrot", "application/json", "{\"permissions\": \"op\"}",
                "If-Match", etag).statusCode());
        assertEquals("op", onDisk("city").users().get("carrot").permissions().name());
        // the user keeps the password set earlier
        assertEquals(204, put("/.groups/city/.users/vimes", "application/json", "{\"permissions\": \"present\"}").statusCode());
        assertEquals(Password.plain("sybil"), onDisk("city").users().get("vimes").password());
        assertEquals(204, send(req("/.groups/city/.users/carrot").DELETE()).statusCode());
        assertFalse(onDisk("city").users().containsKey("carrot"));
        assertEquals(404, send(req("/.groups/city/.users/carrot").DELETE()).statusCode());

        assertEquals(201, put("/.groups/city/.empty-user", "application/json", "{\"permissions\": \"observe\"}").statusCode());
        assertTrue(onDisk("city").users().containsKey(""));
        assertEquals(204, send(req("/.groups/city/.wildcard-user").DELETE()).statusCode());
        assertEquals(null, onDisk("city").wildcardUser());
        assertEquals(201, put("/.groups/city/.wildcard-user", "application/json", "{\"permissions\": \"message\"}").statusCode());
        assertEquals(404, put("/.groups/nope/.users/x", "application/json", "{}").statusCode());
    }

    @Test
    void passwordsSetHashedAndDeleted() throws Exception {
        assertEquals(204, put("/.groups/city/.users/vimes/.password", "application/json",
                "{\"type\": \"bcrypt\", \"key\": \"$2a$08$abcdefghijklmnopqrstuu5Zs5xOt3ZBoLNw5PQmHfMI1QEDLzVz6\"}").statusCode());
        assertEquals("bcrypt", onDisk("city").users().get("vimes").password().type());

        HttpResponse<String> post = send(req("/.groups/city/.users/vimes/.password").header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofString("new secret")));
        assertEquals(204, post.statusCode());
        Password hashed = onDisk("city").users().get("vimes").password();
        assertEquals("pbkdf2", hashed.type());
        assertTrue(Passwords.matches(hashed, "new secret"));
        assertFalse(Files.readString(server.groups.resolve("city.json")).contains("new secret"));
        assertEquals(415, send(req("/.groups/city/.users/vimes/.password").header("Content-Type", "application/json")
                .POST(BodyPublishers.ofString("\"x\""))).statusCode());

        assertEquals(204, send(req("/.groups/city/.wildcard-user/.password").header("Content-Type", "text/plain")
                .POST(BodyPublishers.ofString("open"))).statusCode());
        assertTrue(Passwords.matches(onDisk("city").wildcardUser().password(), "open"));

        assertEquals(204, send(req("/.groups/city/.users/vimes/.password").DELETE()).statusCode());
        assertFalse(Passwords.matches(onDisk("city").users().get("vimes").password(), "new secret"));
        assertEquals(404, send(req("/.groups/city/.users/nobody/.password").DELETE()).statusCode());
    }

    @Test
    void keysReplacedAndDeleted() throws Exception {
        String jwks = "{\"keys\": [{\"kty\": \"EC\", \"alg\": \"ES256\", \"crv\": \"P-256\","
                + " \"x\": \"MKBCTNIcKUSDii11ySs3526iDZ8AiTo7Tu6KPAqv7D4\", \"y\": \"4Etl6SRW2YiLUrN5vfvVHuhp7x8PxltmWWlbbM4IFyM\"}]}";
        assertEquals(204, put("/.groups/city/.keys", "application/jwk-set+json", jwks).statusCode());
        assertEquals("EC", onDisk("city").authKeys().get(0).get("kty"));
        assertEquals(204, send(req("/.groups/city/.keys").DELETE()).statusCode());
        assertTrue(onDisk("city").authKeys().isEmpty());
        assertEquals(404, put("/.groups/nope/.keys", "application/jwk-set+json", jwks).statusCode());
    }

    @Test
    void brokenFileIsNeverOverwritten() throws Exception {
        server.writeGroup("broken", "{\"max_clients\": 1}");
        HttpResponse<String> r = put("/.groups/broken", "application/json", "{}");
        assertEquals(409, r.statusCode());
        assertTrue(r.body().contains("max-clients"), r.body());
        assertFalse(r.body().contains(dir.toString()), "no server path in " + r.body());
        assertEquals("{\"max_clients\": 1}", Files.readString(server.groups.resolve("broken.json")));
        assertEquals(409, get("/.groups/broken").statusCode());
    }

    @Test
    void ofTwoWritersWithTheSameETagExactlyOneWins() throws Exception {
        for (int round = 0; round < 5; round++) {
            String etag = etag(get("/.groups/city"));
            List<CompletableFuture<HttpResponse<String>>> racing = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                HttpRequest request = req("/.groups/city").header("Content-Type", "application/json")
                        .header("If-Match", etag)
                        .PUT(BodyPublishers.ofString("{\"displayName\": \"writer " + round + "-" + i + "\"}")).build();
                racing.add(server.client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (CompletableFuture<HttpResponse<String>> f : racing) {
                statuses.add(f.get().statusCode());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 204).count(), statuses.toString());
            assertEquals(3, statuses.stream().filter(s -> s == 412).count(), statuses.toString());
            assertNotEquals(etag, etag(get("/.groups/city")));
        }
    }
}
