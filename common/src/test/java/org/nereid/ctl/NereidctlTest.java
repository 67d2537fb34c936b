package org.nereid.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.admin.FakeApi;
import org.nereid.json.Json;
import org.nereid.model.Password;
import org.nereid.model.Permissions;
import org.nereid.model.Rfc3339;
import org.nereid.model.ServerConfig;
import org.nereid.password.Passwords;

class NereidctlTest {
    @TempDir
    Path dir;
    FakeApi api;

    record Run(int exit, String out, String err) {
    }

    @BeforeEach
    void start() throws Exception {
        api = FakeApi.http();
    }

    @AfterEach
    void stop() {
        api.close();
    }

    /** Runs nereidctl with its own config file in the temporary folder and the fake server. */
    Run run(String stdin, String... args) {
        List<String> all = new ArrayList<>(List.of("-config", dir.resolve("ctl.json").toString(),
                "-server", api.uri().toString(), "-admin-username", "vimes", "-admin-password", "sybil"));
        all.addAll(List.of(args));
        return runRaw(stdin, all.toArray(String[]::new));
    }

    Run runRaw(String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Nereidctl ctl = new Nereidctl(new BufferedReader(new StringReader(stdin)));
        int exit = Nereidctl.commandLine(ctl, new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void hashPasswordMakesGalenesDefaults() throws Exception {
        Run r = run("", "hash-password", "-password", "sybil");
        assertEquals(0, r.exit(), r.err());
        Password p = Json.parse(r.out().strip(), Password.class, "output");
        assertTrue(p.key().startsWith("$2a$08$"), p.key());
        assertTrue(Passwords.matches(p, "sybil"));

        r = run("", "hash-password", "-type=pbkdf2", "-password=sybil", "-iterations", "1000", "-key", "16");
        p = Json.parse(r.out().strip(), Password.class, "output");
        assertEquals(1000, p.iterations());
        assertEquals(32, p.key().length());
        assertEquals(16, p.salt().length());
        assertTrue(Passwords.matches(p, "sybil"));

        assertEquals("{\"type\":\"wildcard\"}\n", run("", "hash-password", "-type", "wildcard").out());
    }

    @Test
    void hashPasswordAsksWhenNoPasswordIsGiven() throws Exception {
        Run r = run("typed secret\n", "hash-password", "-type", "pbkdf2");
        assertEquals(0, r.exit(), r.err());
        assertTrue(Passwords.matches(Json.parse(r.out().strip(), Password.class, "output"), "typed secret"));
    }

    @Test
    void unknownPasswordTypeIsASentence() {
        Run r = run("", "hash-password", "-type", "md5", "-password", "x");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("unknown password type \"md5\""), r.err());
    }

    @Test
    void createGroupSendsFlagsOverTheTemplate() throws Exception {
        api.on("PUT", "/galene-api/v0/.groups/city-watch", 201, Map.of(), "");
        Run r = run("{\"displayName\": \"City Watch\", \"auto-subgroups\": false}",
                "create-group", "-group", "city-watch", "-json", "-auto-subgroups", "-unrestricted-tokens=false");
        assertEquals(0, r.exit(), r.err());
        JsonNode body = Json.mapper().readTree(api.last().body());
        assertEquals("City Watch", body.get("displayName").asText());
        assertTrue(body.get("auto-subgroups").asBoolean());
        assertFalse(body.get("unrestricted-tokens").asBoolean());
        assertEquals("*", api.last().header("If-None-Match"));
    }

    @Test
    void allowUserInvitesIsSetAndRemoved() throws Exception {
        api.on("PUT", "/galene-api/v0/.groups/guild", 201, Map.of(), "");
        Run r = run("", "create-group", "-group", "guild", "-allow-user-invites");
        assertEquals(0, r.exit(), r.err());
        assertTrue(Json.mapper().readTree(api.last().body()).get("allow-user-invites").asBoolean());
        api.on("GET", "/galene-api/v0/.groups/guild", 200, Map.of("ETag", "\"1-1\""),
                "{\"public\":true,\"allow-user-invites\":true}");
        api.on("PUT", "/galene-api/v0/.groups/guild", 204, Map.of(), "");
        r = run("", "update-group", "-group", "guild", "-allow-user-invites=false");
        assertEquals(0, r.exit(), r.err());
        assertEquals(Map.of("public", true), Json.mapper().readValue(api.last().body(), Map.class),
                "false removes the field Galène would refuse");
    }

    @Test
    void createGroupRefusesSecretsInTheTemplate() {
        Run r = run("{\"users\": {}}", "create-group", "-group", "g", "-json");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("must not contain \"users\""), r.err());
        assertTrue(api.requests.isEmpty());
    }

    @Test
    void updateGroupMergesAndNullDeletes() throws Exception {
        api.on("GET", "/galene-api/v0/.groups/amcw", 200, Map.of("ETag", "\"7-1\""),
                "{\"redirect\":\"https://example.org/\",\"public\":true,\"future-field\":1}");
        api.on("PUT", "/galene-api/v0/.groups/amcw", 204, Map.of(), "");
        Run r = run("{\"redirect\": null, \"comment\": \"moved back\"}", "update-group", "-group", "amcw", "-json",
                "-unrestricted-tokens");
        assertEquals(0, r.exit(), r.err());
        FakeApi.Request put = api.last();
        assertEquals("PUT", put.method());
        assertEquals("\"7-1\"", put.header("If-Match"));
        assertEquals(Map.of("public", true, "future-field", 1, "comment", "moved back", "unrestricted-tokens", true),
                Json.mapper().readValue(put.body(), Map.class));
    }

    @Test
    void concurrentChangeIsExplained() {
        api.on("GET", "/galene-api/v0/.groups/g", 200, Map.of("ETag", "\"1\""), "{}");
        api.on("PUT", "/galene-api/v0/.groups/g", 412, Map.of(), "");
        Run r = run("", "update-group", "-group", "g", "-auto-subgroups");
        assertEquals(1, r.exit());
        assertEquals("nereidctl update-group: the group \"g\" was changed by someone else (412): reload and try again\n",
                r.err());
    }

    @Test
    void updateUserMergesTheTemplateAndPermissionsWin() throws Exception {
        api.on("GET", "/galene-api/v0/.groups/g/.users/bob", 200, Map.of("ETag", "\"u1\""),
                "{\"permissions\":\"present\",\"comment\":\"old\"}");
        api.on("PUT", "/galene-api/v0/.groups/g/.users/bob", 204, Map.of(), "");
        Run r = run("{\"comment\": null, \"permissions\": \"observe\"}", "update-user", "-group", "g", "-user", "bob",
                "-json", "-permissions", "op");
        assertEquals(0, r.exit(), r.err());
        FakeApi.Request put = api.last();
        assertEquals("PUT", put.method());
        assertEquals("\"u1\"", put.header("If-Match"));
        assertEquals(Map.of("permissions", "op"), Json.mapper().readValue(put.body(), Map.class));
    }

    @Test
    void updatesWithoutAnETagAreRefusedBeforeWriting() {
        api.on("GET", "/galene-api/v0/.groups/g", 200, Map.of(), "{}");
        api.on("GET", "/galene-api/v0/.groups/g/.users/bob", 200, Map.of(), "{\"permissions\":\"present\"}");
        api.on("GET", "/galene-api/v0/.groups/g/.tokens/t", 200, Map.of(), "{\"token\":\"t\"}");
        Run group = run("", "update-group", "-group", "g", "-auto-subgroups");
        assertEquals(1, group.exit());
        assertEquals("nereidctl update-group: the server sent no ETag for the group \"g\"; cannot update safely\n",
                group.err());
        Run user = run("", "update-user", "-group", "g", "-user", "bob", "-permissions", "op");
        assertEquals(1, user.exit());
        assertEquals("nereidctl update-user: the server sent no ETag for the user; cannot update safely\n", user.err());
        Run token = run("", "revoke-token", "-group", "g", "-token", "t");
        assertEquals(1, token.exit());
        assertEquals("nereidctl revoke-token: the server sent no ETag for the token; cannot update safely\n",
                token.err());
        assertTrue(api.requests.stream().noneMatch(q -> q.method().equals("PUT")), api.requests.toString());
    }

    @Test
    void usersAndPasswords() throws Exception {
        api.on("PUT", "/galene-api/v0/.groups/g/.users/bob", 201, Map.of(), "");
        assertEquals(0, run("", "create-user", "-group", "g", "-user", "bob").exit());
        assertEquals("{\"permissions\":\"present\"}", api.last().body());

        assertEquals(0, run("", "create-user", "-group", "g", "-user", "bob", "-permissions", "op").exit());
        assertEquals("{\"permissions\":\"op\"}", api.last().body());

        api.on("PUT", "/galene-api/v0/.groups/g/.wildcard-user/.password", 204, Map.of(), "");
        assertEquals(0, run("", "set-password", "-group", "g", "-wildcard", "-type", "wildcard").exit());
        assertEquals("{\"type\":\"wildcard\"}", api.last().body());

        api.on("PUT", "/galene-api/v0/.groups/g/.users/bob/.password", 204, Map.of(), "");
        Run r = run("hunter2\n", "set-password", "-group", "g", "-user", "bob");
        assertEquals(0, r.exit(), r.err());
        assertTrue(Passwords.matches(Json.parse(api.last().body(), Password.class, "body"), "hunter2"));

        Run both = run("", "set-password", "-group", "g", "-user", "bob", "-wildcard");
        assertEquals(2, both.exit());
        assertTrue(both.err().contains("Exactly one of \"-user\" and \"-wildcard\" is required"), both.err());
    }

    @Test
    void listUsersLong() {
        api.on("GET", "/galene-api/v0/.groups/g/.users/", 200, Map.of(), "[\"bob\",\"alice\",\"carrot\"]");
        api.on("GET", "/galene-api/v0/.groups/g/.users/alice", 200, Map.of(), "{\"permissions\":\"op\"}");
        api.on("GET", "/galene-api/v0/.groups/g/.users/bob", 200, Map.of(), "{\"permissions\":[\"present\",\"message\"]}");
        Run r = run("", "list-users", "-group", "g", "-l", "[ab]*");
        assertEquals(0, r.exit(), r.err());
        assertEquals("alice        op\nbob          [mp]\n", r.out());
        assertEquals("alice\nbob\ncarrot\n", run("", "list-users", "-group", "g").out());
    }

    @Test
    void listGroupsWithPatterns() {
        api.on("GET", "/galene-api/v0/.groups/", 200, Map.of(), "[\"b\",\"teaching/networking\",\"a\"]");
        assertEquals("a\nb\nteaching/networking\n", run("", "list-groups").out());
        assertEquals("teaching/networking\n", run("", "list-groups", "teaching/*").out());
    }

    @Test
    void tokens() throws Exception {
        api.on("POST", "/galene-api/v0/.groups/g/.tokens/", 201, Map.of("Location", "tok123"), "");
        Run r = run("", "create-token", "-group", "g", "-user", "carrot", "-duration", "2h", "-include-subgroups");
        assertEquals(0, r.exit(), r.err());
        assertEquals("tok123\n", r.out());
        JsonNode body = Json.mapper().readTree(api.last().body());
        assertEquals("[\"present\",\"message\"]", body.get("permissions").toString());
        assertEquals("carrot", body.get("username").asText());
        assertTrue(body.get("includeSubgroups").asBoolean());
        OffsetDateTime expires = Rfc3339.parse(body.get("expires").asText());
        long minutes = Duration.between(OffsetDateTime.now(), expires).toMinutes();
        assertTrue(minutes >= 118 && minutes <= 120, "expires in about two hours: " + minutes);

        api.on("GET", "/galene-api/v0/.groups/.tokens/", 200, Map.of(), "[\"t2\",\"t1\"]");
        api.on("GET", "/galene-api/v0/.groups/.tokens/t1", 200, Map.of("ETag", "\"a\""),
                "{\"token\":\"\",\"group\":\"\",\"includeSubgroups\":true,\"username\":\"nobby\","
                        + "\"permissions\":[\"present\",\"message\"],\"expires\":\"2000-01-01T00:00:00Z\"}");
        api.on("GET", "/galene-api/v0/.groups/.tokens/t2", 200, Map.of("ETag", "\"b\""),
                "{\"token\":\"\",\"group\":\"\",\"permissions\":[\"op\"],\"expires\":\"2999-01-01T10:00:00Z\"}");
        r = run("", "list-tokens", "-group", "", "-l");
        assertEquals(0, r.exit(), r.err());
        assertEquals("t1          nobby                Hmp  (expired)           \n"
                + "t2                               o    2999-01-01 10:00:00 \n", r.out());

        api.on("PUT", "/galene-api/v0/.groups/.tokens/t2", 204, Map.of(), "");
        r = run("", "revoke-token", "-group", "", "-token", "t2");
        assertEquals(0, r.exit(), r.err());
        assertEquals("\"b\"", api.last().header("If-Match"));
        OffsetDateTime revoked = Rfc3339.parse(Json.mapper().readTree(api.last().body()).get("expires").asText());
        assertTrue(revoked.isBefore(OffsetDateTime.now()));
        assertTrue(Json.mapper().readTree(api.last().body()).get("revoked").asBoolean());

        Run missing = run("", "list-tokens");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("Option \"-group\" is required"));
    }

    @Test
    void invitationTokens() throws Exception {
        api.on("POST", "/galene-api/v0/.groups/g/.tokens/", 201, Map.of("Location", "inv1"), "");
        Run r = run("", "create-token", "-group", "g", "-register", "-max-uses", "3", "-permissions", "message");
        assertEquals(0, r.exit(), r.err());
        JsonNode body = Json.mapper().readTree(api.last().body());
        assertEquals("register", body.get("kind").asText());
        assertEquals(3, body.get("max-uses").asInt());
        assertEquals("[\"message\"]", body.get("permissions").toString());

        Run zero = run("", "create-token", "-group", "g", "-max-uses", "0");
        assertEquals(2, zero.exit());
        assertTrue(zero.err().contains("-max-uses"), zero.err());

        api.on("GET", "/galene-api/v0/.groups/g/.tokens/", 200, Map.of(), "[\"inv1\",\"j1\"]");
        api.on("GET", "/galene-api/v0/.groups/g/.tokens/inv1", 200, Map.of("ETag", "\"a\""),
                "{\"token\":\"\",\"group\":\"\",\"permissions\":[\"message\"],\"expires\":\"2999-01-01T10:00:00Z\","
                        + "\"kind\":\"register\",\"max-uses\":3,\"uses\":1}");
        api.on("GET", "/galene-api/v0/.groups/g/.tokens/j1", 200, Map.of("ETag", "\"b\""),
                "{\"token\":\"\",\"group\":\"\",\"permissions\":[],\"expires\":\"2999-01-01T10:00:00Z\",\"uses\":4}");
        r = run("", "list-tokens", "-group", "g", "-l");
        assertEquals(0, r.exit(), r.err());
        assertEquals("inv1                             m    2999-01-01 10:00:00  register 1/3\n"
                + "j1                                    2999-01-01 10:00:00  join     4/-\n", r.out());

        api.on("PUT", "/galene-api/v0/.groups/g/.tokens/inv1", 204, Map.of(), "");
        r = run("", "update-token", "-group", "g", "-token", "inv1", "-duration", "1h");
        assertEquals(0, r.exit(), r.err());
        JsonNode put = Json.mapper().readTree(api.last().body());
        assertEquals("register", put.get("kind").asText(), "the other fields are kept");
        assertEquals(1, put.get("uses").asInt());
    }

    @Test
    void initialSetupWritesBothFilesOnce() throws Exception {
        Path serverConfig = dir.resolve("data/config.json");
        Path ctlConfig = dir.resolve("cfg/nereid/nereidctl.json");
        Run r = runRaw("", "-config", ctlConfig.toString(), "-admin-username", "vetinari", "-admin-password",
                "lagniappe", "initial-setup", "-config", serverConfig.toString());
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("has been created"));

        ServerConfig config = Json.readStrict(serverConfig, ServerConfig.class);
        assertTrue(config.writableGroups());
        Password pw = config.users().get("vetinari").password();
        assertTrue(pw.key().startsWith("$2a$12$"), pw.key());
        assertTrue(Passwords.matches(pw, "lagniappe"));
        assertEquals(Permissions.named("admin"), config.users().get("vetinari").permissions());

        CtlConfig ctl = Json.readStrict(ctlConfig, CtlConfig.class);
        assertEquals(new CtlConfig(CtlConfig.DEFAULT_SERVER, "vetinari", "lagniappe", null, null), ctl);
        if (Files.getFileStore(ctlConfig).supportsFileAttributeView("posix")) {
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(ctlConfig));
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(serverConfig));
        }

        String before = Files.readString(serverConfig);
        Run again = runRaw("", "-config", ctlConfig.toString(), "-admin-username", "x", "-admin-password", "y",
                "initial-setup", "-config", serverConfig.toString());
        assertEquals(1, again.exit());
        assertTrue(again.err().contains("already exists"), again.err());
        assertEquals(before, Files.readString(serverConfig));
    }

    @Test
    void initialSetupWithATokenWritesNoAdministrator() throws Exception {
        Path serverConfig = dir.resolve("config.json");
        Path ctlConfig = dir.resolve("ctl.json");
        Run r = runRaw("", "-config", ctlConfig.toString(), "-admin-username", "root", "-admin-token", "abc",
                "initial-setup", "-config", serverConfig.toString());
        assertEquals(0, r.exit(), r.err());
        assertEquals("{\n    \"writableGroups\": true\n}\n", Files.readString(serverConfig));
        assertEquals("abc", Json.readStrict(ctlConfig, CtlConfig.class).adminToken());
    }

    @Test
    void initialSetupNeedsAnAdministratorName() {
        Run r = runRaw("", "-config", dir.resolve("c.json").toString(), "initial-setup",
                "-config", dir.resolve("s.json").toString());
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("Option \"-admin-username\" is required"), r.err());
        assertFalse(Files.exists(dir.resolve("s.json")));
    }

    @Test
    void settingsComeFromTheConfigFileUnlessFlagsSayOtherwise() throws Exception {
        Path ctlConfig = dir.resolve("ctl.json");
        Files.writeString(ctlConfig, "{\"server\": \"" + api.uri() + "\", \"admin-token\": \"t0k\"}");
        api.on("GET", "/galene-api/v0/.groups/", 200, Map.of(), "[]");
        assertEquals(0, runRaw("", "-config", ctlConfig.toString(), "list-groups").exit());
        assertEquals("Bearer t0k", api.last().header("Authorization"));

        Files.writeString(ctlConfig, "{\"server\": \"x\", \"admin_token\": \"t0k\"}");
        Run r = runRaw("", "-config", ctlConfig.toString(), "list-groups");
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("did you mean \"admin-token\"?"), r.err());
    }

    @Test
    void helpAndBadFlags() {
        Run help = runRaw("", "create-group", "-help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("-unrestricted-tokens"), help.out());
        assertTrue(help.out().contains("-auto-subgroups"), help.out());

        Run top = runRaw("");
        assertEquals(1, top.exit());
        assertTrue(top.err().contains("create-token"), top.err());

        Run bad = runRaw("", "list-groups", "-nope");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("-nope"), bad.err());
    }
}
