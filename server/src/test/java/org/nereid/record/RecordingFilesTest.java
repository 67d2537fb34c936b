package org.nereid.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordingFilesTest {
    @TempDir
    Path dir;

    private final Instant now = Instant.parse("2026-11-22T07:05:04.007Z");

    @Test
    void namesFilesAsGaleneInLocalTimeWithCounters() throws IOException {
        RecordingFiles files = new RecordingFiles(dir.resolve("recordings"), ZoneId.of("Europe/Paris"));
        Path first = files.create("staff/room", "bob/\\x", now).path();
        assertEquals(dir.resolve("recordings/staff/room/2026-11-22T08:05:04.007-bob-slash--backslash-x.webm"), first);
        assertEquals("2026-11-22T08:05:04.007-bob-slash--backslash-x-01.webm",
                files.create("staff/room", "bob/\\x", now).path().getFileName().toString());
        assertEquals("2026-11-22T08:05:04.007.webm", files.create("staff/room", "", now).path().getFileName().toString());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(first)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(first.getParent())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("recordings"))));
    }

    @Test
    void givesUpAfter99Collisions() throws IOException {
        RecordingFiles files = new RecordingFiles(dir, ZoneId.of("UTC"));
        for (int i = 0; i < 100; i++) {
            files.create("g", "u", now).channel().close();
        }
        assertThrows(IOException.class, () -> files.create("g", "u", now));
    }

    @Test
    void refusesGroupNamesLeavingTheRoot() {
        RecordingFiles files = new RecordingFiles(dir.resolve("recordings"), ZoneId.of("UTC"));
        assertThrows(IOException.class, () -> files.create("../etc", "u", now));
        assertThrows(IOException.class, () -> files.create("a/../..", "u", now));
        assertThrows(IOException.class, () -> files.create("", "u", now));
    }
}
