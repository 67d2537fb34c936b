package org.nereid.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.model.StatefulToken;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a tokens.jsonl too big, or one object never closed, costs: a refusal or a bounded skip, nothing lost. */
class TokenFileBoundsTest {
    @TempDir
    Path dir;

    @Test
    void anObjectNeverClosedIsGivenUpAfterItsBoundAndTheTokensAfterItStillCount() {
        StringBuilder text = new StringBuilder("{\"token\":\"open\",\n");
        for (int i = 0; i < 50_000; i++) {
            text.append("\"field").append(i).append("\": 1,\n");
        }
        text.append(TokenStoreTest.GALENE_FILE);

        TokenFile.Content content = new TokenFile(dir.resolve("tokens.jsonl")).parse(text.toString());

        assertEquals(List.of("tok1", "tok2", "tok3", "tok4"), List.copyOf(content.tokens().keySet()));
        TokenFile.Rejected first = content.rejected().get(0);
        assertEquals(1, first.lineNumber());
        assertEquals(TokenFile.MAX_OBJECT_LINES, first.text().lines().count(), "the object given up at its bound");
        assertTrue(first.reason().contains("not closed within"), first.reason());
        // every line after the bound is kept, as a line skipped, for the .rejected file
        long keptLines = content.rejected().stream().mapToLong(r -> r.text().lines().count()).sum();
        assertEquals(50_001, keptLines);
    }

    @Test
    void aFileOverTheBoundIsNeitherReadNorWrittenOver() throws IOException {
        Path file = dir.resolve("var").resolve("tokens.jsonl");
        Files.createDirectories(file.getParent());
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.setLength(TokenFile.MAX_BYTES + 1); // sparse: no disk used
        }
        TokenStore store = TokenStore.inDataDirectory(dir, TokenStoreTest.CLOCK);

        IOException read = assertThrows(IOException.class, store::listAll);
        assertTrue(read.getMessage().contains("more than the 64 MiB"), read.getMessage());
        StatefulToken token = new StatefulToken("new", "test", false, "", List.of("present"),
                OffsetDateTime.parse("2026-11-23T00:00:00Z"), null, null, null);
        assertThrows(IOException.class, () -> store.add(token));
        assertEquals(TokenFile.MAX_BYTES + 1, Files.size(file), "the file is as it was");
    }
}
