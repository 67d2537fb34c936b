package org.nereid.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shared file's version written on another node: same bytes and the same time to the nanosecond (the ETag). */
class FileCopyTest {
    @TempDir
    Path dir;

    @Test
    void aCopyHasTheOriginsBytesAndModificationTime() throws Exception {
        Path origin = dir.resolve("a/groups/class.json");
        Files.createDirectories(origin.getParent());
        Files.writeString(origin, "{\"public\": true}\n");
        Files.setLastModifiedTime(origin, FileTime.from(1_796_551_283_426_924_766L, TimeUnit.NANOSECONDS));
        FileCopy copy = FileCopy.read("groups/class.json", origin, 7);

        Path there = dir.resolve("b/groups/class.json");
        assertFalse(copy.isOn(there));
        copy.writeTo(there);
        assertTrue(copy.isOn(there));
        assertArrayEquals(Files.readAllBytes(origin), Files.readAllBytes(there));
        assertEquals(Files.getLastModifiedTime(origin), Files.getLastModifiedTime(there));
        try (var left = Files.list(there.getParent())) {
            assertEquals(1, left.count(), "no temporary file is left beside it");
        }
    }

    @Test
    void aDeletedFileIsDeletedEverywhere() throws Exception {
        Path there = dir.resolve("tokens.jsonl");
        Files.writeString(there, "{}\n");
        FileCopy gone = FileCopy.read("data/var/tokens.jsonl", dir.resolve("absent"), 2);
        assertFalse(gone.isOn(there));
        gone.writeTo(there);
        assertFalse(Files.exists(there));
        assertTrue(gone.isOn(there));
    }
}
