package org.nereid.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GroupNamesTest {
    @TempDir
    Path groups;

    /** Galène's TestValidGroupName, plus Nereid's extra refusals (control characters, leading dots). */
    @ParameterizedTest
    @ValueSource(strings = {"", "/", "/foo", "foo/", "./foo", "foo/.", "../foo", "foo/..", "foo/./bar",
        "foo/../bar", "foo\\bar", "foo//bar", "..", ".", "a\u0000b", "a\nb", "a/../../etc/passwd",
        ".hidden", "a/.b", ".well-known", "a/.git/c", "...", ".json"})
    void refusesWhatGaleneRefuses(String name) {
        assertFalse(GroupNames.isValid(name), name);
        assertThrows(IllegalArgumentException.class, () -> GroupNames.file(groups, name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"foo", "foo/bar", "teaching/networking", "city-watch", "a b", "%2e%2e", "x.json",
        "a.b", "a/b.", "a/b..c", "v1.2/notes"})
    void acceptsWhatGaleneAccepts(String name) {
        assertTrue(GroupNames.isValid(name), name);
        Path file = GroupNames.file(groups, name);
        assertTrue(file.startsWith(groups.toAbsolutePath().normalize()));
        assertEquals(file.getFileName().toString(), name.substring(name.lastIndexOf('/') + 1) + ".json");
    }

    @Test
    void filesAndNamesCorrespond() {
        Path file = GroupNames.file(groups, "teaching/networking");
        assertEquals(groups.toAbsolutePath().resolve("teaching").resolve("networking.json"), file);
        assertEquals(Optional.of("teaching/networking"), GroupNames.nameOf(groups, file));
        assertEquals(Optional.of("x"), GroupNames.nameOf(groups, groups.resolve("x.json")));
    }

    @Test
    void nonGroupFilesHaveNoName() {
        assertEquals(Optional.empty(), GroupNames.nameOf(groups, groups.resolve("x.txt")));
        assertEquals(Optional.empty(), GroupNames.nameOf(groups, groups.resolve(".x.json")));
        assertEquals(Optional.empty(), GroupNames.nameOf(groups, groups.resolve(".git/x.json")));
        assertEquals(Optional.empty(), GroupNames.nameOf(groups, groups.resolve(".json")));
        assertEquals(Optional.empty(), GroupNames.nameOf(groups, groups.resolve("..").resolve("x.json")));
        assertEquals(Optional.empty(), GroupNames.nameOf(groups, groups));
    }

    /** Issue 18: names that reach the disk unbounded, or that look like another group's. */
    @Test
    void refusesHugeLookAlikeAndInvisibleNames() {
        assertTrue(GroupNames.isValid("x".repeat(GroupNames.MAX_LENGTH)));
        assertFalse(GroupNames.isValid("x".repeat(300)), "300 characters reached the filesystem");
        assertFalse(GroupNames.isValid("é".repeat(130)), "a part of more than 250 bytes is no file name");
        assertFalse(GroupNames.isValidUsername("x".repeat(900_000)));
        assertTrue(GroupNames.isValid("caf\u00e9"), "NFC");
        assertFalse(GroupNames.isValid("cafe\u0301"), "the same word in NFD is another name on disk");
        assertFalse(GroupNames.isValid("staff\u200b"), "zero-width space");
        assertFalse(GroupNames.isValid("\u202egnitsoh"), "right-to-left override");
        assertFalse(GroupNames.isValid("a\u200db"), "zero-width joiner");
        assertTrue(GroupNames.isValidUsername("\ud83d\udc68\u200d\ud83d\udc69"), "usernames may hold emoji sequences");
    }

    @Test
    void usernamesFollowGalenesRule() {
        assertTrue(GroupNames.isValidUsername(""));
        assertTrue(GroupNames.isValidUsername("Alice c/o Bob"));
        assertTrue(GroupNames.isValidUsername("jch@work"));
        assertTrue(GroupNames.isValidUsername(".hidden"), "a dot only matters for names of files");
        assertFalse(GroupNames.isValidUsername("../x"));
        assertFalse(GroupNames.isValidUsername(null));
    }

    @Test
    void parents() {
        assertEquals(Optional.of("a/b"), GroupNames.parent("a/b/c"));
        assertEquals(Optional.empty(), GroupNames.parent("a"));
    }
}
