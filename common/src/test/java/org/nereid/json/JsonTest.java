package org.nereid.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.model.GroupDescription;
import org.nereid.model.Permissions;
import org.nereid.model.ServerConfig;
import org.nereid.model.UserDescription;

class JsonTest {
    @TempDir
    Path dir;

    private JsonFileException refused(String content) throws Exception {
        Path file = dir.resolve("x.json");
        Files.writeString(file, content);
        return assertThrows(JsonFileException.class, () -> Json.readStrict(file, GroupDescription.class));
    }

    @Test
    void unknownFieldNamesFileLineAndNearestField() throws Exception {
        JsonFileException e = refused("{\n  \"public\": true,\n  \"max_clients\": 3\n}");
        assertEquals("unknown field \"max_clients\" in " + dir.resolve("x.json") + " line 3; did you mean "
                + "\"max-clients\"?", e.getMessage());
        assertEquals(3, e.line());
    }

    @Test
    void unknownFieldInsideAUserIsRefused() throws Exception {
        JsonFileException e = refused("{\"users\": {\"bob\": {\n\"pasword\": \"x\"}}}");
        assertTrue(e.getMessage().startsWith("unknown field \"pasword\""), e.getMessage());
        assertTrue(e.getMessage().contains("line 2 (in users.bob)"), e.getMessage());
        assertTrue(e.getMessage().endsWith("did you mean \"password\"?"), e.getMessage());
    }

    @Test
    void farFetchedNamesGetNoSuggestion() throws Exception {
        JsonFileException e = refused("{\"zzzzzzzzzz\": 1}");
        assertFalse(e.getMessage().contains("did you mean"), e.getMessage());
    }

    @Test
    void wrongTypesAreRefusedWithTheField() throws Exception {
        assertEquals(dir.resolve("x.json") + " line 2, \"max-clients\": expected a whole number, found a string",
                refused("{\n\"max-clients\": \"10\"}").getMessage());
        assertTrue(refused("{\"max-clients\": 1.5}").getMessage().contains("expected a whole number"));
        assertTrue(refused("{\"public\": \"yes\"}").getMessage().contains("\"public\": expected true or false"));
        assertTrue(refused("{\"displayName\": 12}").getMessage().contains("expected a string, found a number"));
        assertTrue(refused("{\"codecs\": \"vp8\"}").getMessage().contains("\"codecs\": expected a list"));
        assertTrue(refused("{\"users\": []}").getMessage().contains("\"users\": expected an object"));
        assertTrue(refused("{\"users\": {\"a\": {\"password\": 12}}}").getMessage()
                .contains("\"users.a.password\": expected a password"));
    }

    @Test
    void malformedJsonIsRefusedWithLineAndColumn() throws Exception {
        JsonFileException e = refused("{\n\"public\": true,\n}");
        assertTrue(e.getMessage().startsWith(dir.resolve("x.json") + " line 3 column 1: malformed JSON"),
                e.getMessage());
        assertTrue(refused("").getMessage().contains("x.json"));
        assertTrue(refused("{} {}").getMessage().contains("x.json"));
        assertTrue(refused("null").getMessage().contains("expected a JSON object"));
    }

    @Test
    void oversizedFilesAreNotRead() throws Exception {
        Path file = dir.resolve("big.json");
        Files.write(file, ("{\"comment\": \"" + "a".repeat((int) Json.MAX_FILE_SIZE) + "\"}")
                .getBytes(StandardCharsets.UTF_8));
        JsonFileException e = assertThrows(JsonFileException.class,
                () -> Json.readStrict(file, GroupDescription.class));
        assertTrue(e.getMessage().contains("larger than 1024 KiB"), e.getMessage());
    }

    @Test
    void missingFileIsNoSuchFile() {
        assertThrows(NoSuchFileException.class, () -> Json.readStrict(dir.resolve("none.json"), ServerConfig.class));
    }

    @Test
    void writeAtomicallyReadsBackAndLeavesNoTemporaryFiles() throws Exception {
        Path file = dir.resolve("sub/dir/g.json");
        GroupDescription d = GroupDescription.builder().displayName("G").maxClients(4).build();
        Json.writeAtomically(file, d);
        assertEquals(d, Json.readStrict(file, GroupDescription.class));
        assertEquals(List.of(file), Files.list(file.getParent()).toList());
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE),
                    Files.getPosixFilePermissions(file));
        }
    }

    @Test
    void concurrentWritersNeverLeaveAMixedFile() throws Exception {
        Path file = dir.resolve("g.json");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> results = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String comment = String.valueOf(i).repeat(2000);
            results.add(pool.submit(() -> {
                Json.writeAtomically(file, GroupDescription.builder().comment(comment).build());
                GroupDescription read = Json.readStrict(file, GroupDescription.class);
                assertTrue(read.comment().chars().distinct().count() <= 2, "mixed content");
                return null;
            }));
        }
        for (Future<?> f : results) {
            f.get();
        }
        pool.shutdown();
        assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS));
        assertEquals(1, Files.list(dir).count());
    }

    @Test
    void prettyOutputIsIndentedLikeGo() {
        GroupDescription d = GroupDescription.builder().displayName("G").codecs(List.of("vp8", "opus"))
                .users(Map.of("a", new UserDescription(null, Permissions.of(List.of())))).build();
        assertEquals("""
                {
                    "displayName": "G",
                    "users": {
                        "a": {
                            "permissions": []
                        }
                    },
                    "codecs": [
                        "vp8",
                        "opus"
                    ]
                }""", Json.writePretty(d));
        assertEquals("{}", Json.writePretty(GroupDescription.EMPTY));
    }

    @Test
    void lenientMapperIgnoresUnknownFieldsOnly() throws Exception {
        assertEquals("x", Json.lenientMapper().readValue("{\"comment\": \"x\", \"new\": 1}",
                GroupDescription.class).comment());
        assertThrows(Exception.class, () -> Json.lenientMapper().readValue("{\"max-clients\": \"1\"}",
                GroupDescription.class));
        assertThrows(Exception.class, () -> Json.mapper().readValue("{\"new\": 1}", GroupDescription.class));
    }

    @Test
    void levenshtein() {
        assertEquals(1, JsonErrors.distance("max_clients", "max-clients"));
        assertEquals(3, JsonErrors.distance("kitten", "sitting"));
    }
}
