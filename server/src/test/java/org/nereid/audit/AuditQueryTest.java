package org.nereid.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.model.AuditEntry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AuditQueryTest {
    @TempDir
    Path dir;

    private static final Instant T0 = Instant.parse("2026-12-06T08:00:00Z");

    private AuditFile trail() throws Exception {
        AuditFile audit = new AuditFile(dir.resolve(AuditFile.NAME), 400, System::nanoTime);
        String[][] rows = {
            {"op", "kick", "a"}, {"admin", "group.put", "b"}, {"op", "token.mint", "a"}, {"ann", "token.edit", "b"},
            {"op", "lock", "a"}, {"admin", "password.post", "a"}, {"op", "kick", "b"},
        };
        for (int i = 0; i < rows.length; i++) {
            audit.record(AuditEntry.of(T0.plusSeconds(i), new AuditEntry.Actor("user", rows[i][0], null), rows[i][1],
                    rows[i][2], null, AuditEntry.OK, null));
        }
        return audit;
    }

    private static List<String> actions(List<AuditEntry> entries) {
        return entries.stream().map(AuditEntry::action).toList();
    }

    @Test
    void filtersAndPagesNewestFirstAcrossRotatedFiles() throws Exception {
        try (AuditFile audit = trail()) {
            assertEquals(true, audit.files().size() > 1, "the small size made it rotate");
            assertEquals(List.of("kick", "password.post", "lock", "token.edit", "token.mint", "group.put", "kick"),
                    actions(AuditQuery.of(Map.of()).read(audit.files())));
            assertEquals(List.of("kick", "lock", "token.mint", "kick"),
                    actions(AuditQuery.of(Map.of("actor", "op")).read(audit.files())));
            assertEquals(List.of("token.edit", "token.mint"),
                    actions(AuditQuery.of(Map.of("action", "token.")).read(audit.files())));
            assertEquals(List.of("kick", "token.edit", "group.put"),
                    actions(AuditQuery.of(Map.of("group", "b")).read(audit.files())));

            List<AuditEntry> first = AuditQuery.of(Map.of("limit", "2")).read(audit.files());
            List<AuditEntry> second = AuditQuery.of(Map.of("limit", "2", "before", first.get(1).time()))
                    .read(audit.files());
            assertEquals(List.of("lock", "token.edit"), actions(second));
            assertEquals(List.of("kick", "password.post"),
                    actions(AuditQuery.of(Map.of("since", T0.plusSeconds(5).toString())).read(audit.files())));
        }
    }

    @Test
    void aDamagedLineIsPassedOver() throws Exception {
        try (AuditFile audit = trail()) {
            Files.writeString(audit.files().get(0), "not json\n{\"time\":\"yesterday\"}\n",
                    java.nio.file.StandardOpenOption.APPEND);
            assertEquals(7, AuditQuery.of(Map.of()).read(audit.files()).size());
        }
    }

    @Test
    void badParametersAreRefusedWithASentence() {
        assertEquals("limit must be a number from 1 to 1000.",
                assertThrows(AuditQuery.BadQueryException.class, () -> AuditQuery.of(Map.of("limit", "0")))
                        .getMessage());
        assertThrows(AuditQuery.BadQueryException.class, () -> AuditQuery.of(Map.of("since", "yesterday")));
        assertThrows(AuditQuery.BadQueryException.class, () -> AuditQuery.of(Map.of("who", "op")));
    }
}
