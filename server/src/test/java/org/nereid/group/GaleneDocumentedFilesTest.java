package org.nereid.group;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nereid.auth.Authoriser;
import org.nereid.auth.Credentials;
import org.nereid.auth.JoinDecision;
import org.nereid.auth.TokenStore;
import org.nereid.json.Json;
import org.nereid.model.GroupDescription;
import org.nereid.model.ServerConfig;
import org.nereid.model.StatefulToken;
import org.nereid.web.GroupStatus;

/**
 * The examples of Galène 1.1's manual (galene.md; galene-api.md has no JSON examples),
 * reproduced field for field as test fixtures under {@code galene-docs/}, plus one group,
 * one configuration and one token file with every field Galène 1.1 reads: each is read
 * unchanged, written back with every field kept, and honoured where Nereid has behaviour
 * for it (what is not honoured is listed in docs/file-formats.md).
 */
class GaleneDocumentedFilesTest {
    private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

    @TempDir
    Path data;

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(GaleneDocumentedFilesTest.class.getResource("/galene-docs/" + name).toURI());
    }

    private static JsonNode tree(String json) throws IOException {
        return Json.mapper().readTree(json);
    }

    @ParameterizedTest
    @ValueSource(strings = {"group-vimes.json", "group-wildcard-password.json", "group-wildcard-any.json",
            "group-hashed.json", "group-authkeys.json", "group-authserver.json", "group-every-field.json"})
    void groupFilesRoundTripWithEveryField(String name) throws Exception {
        Path file = fixture(name);
        GroupDescription d = Json.readStrict(file, GroupDescription.class);
        assertEquals(tree(Files.readString(file)), tree(Json.write(d)), "written back as read");
    }

    @ParameterizedTest
    @ValueSource(strings = {"config.json", "config-hashed.json", "config-every-field.json"})
    void configFilesRoundTripWithEveryField(String name) throws Exception {
        Path file = fixture(name);
        ServerConfig c = Json.readStrict(file, ServerConfig.class);
        assertEquals(tree(Files.readString(file)), tree(Json.write(c)));
    }

    @Test
    void tokenLinesRoundTripWithEveryField() throws Exception {
        for (String line : Files.readAllLines(fixture("tokens.jsonl"))) {
            assertEquals(tree(line), tree(StatefulToken.fromJson(line).toJsonLine()));
        }
    }

    private JoinDecision join(String group, Credentials creds) throws Exception {
        GroupDescription d = Json.readStrict(fixture(group), GroupDescription.class);
        Authoriser authoriser = new Authoriser(TokenStore.inDataDirectory(data, Clock.fixed(NOW, ZoneOffset.UTC)),
                Clock.fixed(NOW, ZoneOffset.UTC));
        return authoriser.decideJoin("city-watch", d, ServerConfig.EMPTY, creds);
    }

    private static List<String> granted(JoinDecision decision) {
        return assertInstanceOf(JoinDecision.Granted.class, decision).permissions();
    }

    @Test
    void usersAndWildcardUsersAdmitAsTheManualSays() throws Exception {
        assertTrue(granted(join("group-vimes.json", Credentials.password("vimes", "sybil"))).contains("op"));
        assertInstanceOf(JoinDecision.Refused.class, join("group-vimes.json", Credentials.password("vimes", "x")));
        assertTrue(granted(join("group-wildcard-password.json", Credentials.password("anyone", "1234")))
                .contains("present"));
        assertInstanceOf(JoinDecision.Refused.class,
                join("group-wildcard-password.json", Credentials.password("anyone", "4321")));
        assertTrue(granted(join("group-wildcard-any.json", Credentials.password("anyone", "whatever")))
                .contains("present"));
        // the manual's pbkdf2 example hashes a password it does not give: a wrong one is refused
        assertInstanceOf(JoinDecision.Refused.class, join("group-hashed.json", Credentials.password("vimes", "x")));
    }

    @Test
    void everyFieldGroupIsHonoured() throws Exception {
        GroupDescription d = Json.readStrict(fixture("group-every-field.json"), GroupDescription.class);
        assertEquals(List.of(), granted(join("group-every-field.json", Credentials.password("colon", "1234"))));
        assertTrue(granted(join("group-every-field.json", Credentials.password("", "x"))).isEmpty(),
                "allow-anonymous admits an empty name, with the wildcard user's permissions");
        assertEquals(List.of("caption"), granted(join("group-every-field.json", Credentials.password("angua", "1234"))));
        assertEquals(List.of("admin"),
                granted(join("group-every-field.json", Credentials.password("vetinari", "1234"))));
        assertEquals(List.of("present", "message"),
                granted(join("group-every-field.json", Credentials.password("detritus", "1234"))));
        assertTrue(granted(join("group-every-field.json", Credentials.password("vimes", "sybil"))).contains("record"),
                "allow-recording gives operators record");
        assertTrue(granted(join("group-every-field.json", Credentials.password("carrot", "1234"))).contains("token"),
                "unrestricted-tokens gives presenters token");
        assertTrue(d.isPublic());
        assertEquals(20, d.maxClients());
        assertEquals(3600, d.maxHistoryAge());
        assertTrue(d.allowRecording() && d.unrestrictedTokens() && d.autoSubgroups() && d.autolock() && d.autokick());
        assertEquals(List.of("vp8", "vp9", "av1", "h264", "opus", "g722", "pcmu", "pcma"), d.codecs());

        Path groups = Files.createDirectories(data.resolve("groups"));
        Files.copy(fixture("group-every-field.json"), groups.resolve("city-watch.json"));
        // the same group without its redirect, whose status Galène reduces to name, redirect and descriptions
        ObjectNode here = (ObjectNode) tree(Files.readString(fixture("group-every-field.json")));
        here.remove("redirect");
        Files.writeString(groups.resolve("city-watch-here.json"), here.toString());
        try (GroupDirectory dir = new GroupDirectory(groups)) {
            URI base = URI.create("https://galene.example.org");
            JsonNode moved = tree(Json.write(GroupStatus.of(dir.find("city-watch").orElseThrow(), base,
                    GroupActivity.NONE)));
            assertEquals("https://galene.example.org:8443/group/city-watch/", moved.path("redirect").asText());
            assertEquals("The City Watch", moved.path("displayName").asText());
            assertEquals("Where the Watch meets", moved.path("description").asText());
            JsonNode s = tree(Json.write(GroupStatus.of(dir.find("city-watch-here").orElseThrow(), base,
                    GroupActivity.NONE)));
            assertEquals("https://auth.example.org", s.path("authServer").asText());
            assertEquals("https://portal.example.org", s.path("authPortal").asText());
            assertEquals("https://galene.example.org/group/city-watch-here/", s.path("location").asText());
            assertFalse(s.toString().contains("vimes@example.org"), "contact is for people, not clients");
            assertEquals(List.of("city-watch", "city-watch-here"),
                    dir.publicGroups().stream().map(GroupEntry::name).toList(), "public");
        }
    }
}
