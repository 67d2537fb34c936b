package org.nereid.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.model.StatefulToken;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenStoreTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    /** A tokens.jsonl as Galène writes it: one object a line, Go's field order and time format. */
    static final String GALENE_FILE = String.join("\n",
            "{\"token\":\"tok1\",\"group\":\"test\",\"username\":\"user1\",\"permissions\":[\"present\",\"message\"],"
                    + "\"expires\":\"2026-11-22T11:00:00.123456789+01:00\"}",
            "{\"token\":\"tok2\",\"group\":\"test\",\"username\":\"user2\",\"permissions\":[\"present\",\"record\",\"message\"],"
                    + "\"expires\":\"2026-11-22T10:30:00.5Z\",\"not-before\":\"2026-11-22T09:00:00Z\"}",
            "{\"token\":\"tok3\",\"group\":\"test/sub\",\"includeSubgroups\":true,\"permissions\":[\"present\"],"
                    + "\"expires\":\"2026-11-23T10:00:00Z\",\"issuedAt\":\"2026-11-22T09:59:00.25Z\",\"issuedBy\":\"vimes\"}",
            "{\"token\":\"tok4\",\"group\":\"\",\"includeSubgroups\":true,\"username\":\"\",\"permissions\":null,"
                    + "\"expires\":\"2026-11-30T00:00:00-05:00\",\"future-field\":{\"a\":[1,2]}}",
            "");

    @TempDir
    Path dir;

    Path file() {
        return dir.resolve("var").resolve("tokens.jsonl");
    }

    TokenStore store() {
        return TokenStore.inDataDirectory(dir, CLOCK);
    }

    void writeFile(String text) throws IOException {
        Files.createDirectories(file().getParent());
        Files.writeString(file(), text);
    }

    static StatefulToken token(String id, String group, Instant expires) {
        return new StatefulToken(id, group, false, "u-" + id, List.of("present"),
                expires == null ? null : OffsetDateTime.ofInstant(expires, ZoneOffset.UTC), null, null, null);
    }

    @Test
    void galeneFileIsReadAndRewrittenLosslessly() throws Exception {
        writeFile(GALENE_FILE);
        TokenStore store = store();
        assertEquals(List.of("tok1", "tok2", "tok3", "tok4"),
                store.listAll().stream().map(StatefulToken::token).toList());
        store.add(token("tok5", "test", NOW.plusSeconds(60)));
        String expected = GALENE_FILE + token("tok5", "test", NOW.plusSeconds(60)).toJsonLine() + "\n";
        assertEquals(expected, Files.readString(file()));
        store.delete("tok5", null);
        assertEquals(GALENE_FILE, Files.readString(file()));
    }

    @Test
    void listsByGroupAndHierarchy() throws Exception {
        writeFile(GALENE_FILE);
        TokenStore store = store();
        assertEquals(Set.of("tok1", "tok2"), ids(store.list("test", false)));
        assertEquals(Set.of("tok1", "tok2", "tok3"), ids(store.list("test", true)));
        assertEquals(Set.of("tok4"), ids(store.list("", false)));
        assertEquals(Set.of("tok1", "tok2", "tok3", "tok4"), ids(store.list("", true)));
        assertEquals(Set.of(), ids(store.list("tes", true)));
    }

    @Test
    void concurrentMintsAreAllKept() throws Exception {
        TokenStore store = store();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<String>> minted = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            int n = i;
            minted.add(pool.submit(() -> store.add(token(TokenStore.newTokenId(), "g" + n % 3,
                    NOW.plusSeconds(3600))).token()));
        }
        Set<String> expected = new HashSet<>();
        for (Future<String> f : minted) {
            expected.add(f.get());
        }
        pool.shutdown();
        assertEquals(200, expected.size());
        assertEquals(expected, ids(store.listAll()));
        assertEquals(expected, ids(store().listAll()), "a fresh reader of the file sees them all");
        assertEquals(200, Files.readAllLines(file()).size());
    }

    @Test
    void handEditsAreSeenAtOnce() throws Exception {
        TokenStore store = store();
        store.add(token("a", "g", NOW.plusSeconds(3600)));
        Files.writeString(file(), token("b", "g", NOW.plusSeconds(3600)).toJsonLine() + "\n",
                StandardOpenOption.APPEND);
        assertTrue(store.get("b").isPresent(), "an appended line");

        // an editor that writes a new file and renames it over the old one, same size, same mtime
        FileTime mtime = Files.getLastModifiedTime(file());
        String replaced = Files.readString(file()).replace("\"u-b\"", "\"u-c\"");
        Path edited = dir.resolve("edit.tmp");
        Files.writeString(edited, replaced);
        Files.setLastModifiedTime(edited, mtime);
        Files.move(edited, file(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        assertEquals("u-c", store.get("b").orElseThrow().username());

        Files.delete(file());
        assertEquals(List.of(), store.listAll(), "a deleted file means no tokens");
    }

    @Test
    void badLinesAreSkippedAndKeptAside() throws Exception {
        writeFile(String.join("\n",
                token("a", "g", NOW.plusSeconds(60)).toJsonLine(),
                "{\"token\": 42}",
                "not json at all",
                token("b", "g", NOW.plusSeconds(60)).toJsonLine(),
                ""));
        TokenStore store = store();
        assertEquals(Set.of("a", "b"), ids(store.listAll()));
        store.add(token("c", "g", NOW.plusSeconds(60)));
        assertEquals(Set.of("a", "b", "c"), ids(store().listAll()));
        assertEquals(List.of("{\"token\": 42}", "not json at all"),
                Files.readAllLines(file().resolveSibling("tokens.jsonl.rejected")));
    }

    @Test
    void aKillMidWriteNeverBreaksTheStore() throws Exception {
        // what a killed writer can leave: a half temp file beside, a truncated last line (a foreign appender)
        writeFile(token("a", "g", NOW.plusSeconds(60)).toJsonLine() + "\n"
                + token("b", "g", NOW.plusSeconds(60)).toJsonLine().substring(0, 30));
        Path debris = file().resolveSibling("tokens.jsonl.12345.tmp");
        Files.writeString(debris, "{\"token\":\"half");
        Files.setLastModifiedTime(debris, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
        TokenStore store = store();
        assertEquals(Set.of("a"), ids(store.listAll()));
        store.add(token("c", "g", NOW.plusSeconds(60)));
        assertEquals(Set.of("a", "c"), ids(store().listAll()));
        assertFalse(Files.exists(debris), "stale temp file cleaned up");
        try (var files = Files.list(file().getParent())) {
            assertEquals(Set.of("tokens.jsonl", "tokens.jsonl.rejected"),
                    files.map(p -> p.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void aTokenSpreadOverLinesIsRead() throws Exception {
        writeFile("{\n  \"token\": \"multi\",\n  \"group\": \"g\",\n  \"permissions\": [\"present\"],\n"
                + "  \"expires\": \"2026-12-01T00:00:00Z\"\n}\n{\"token\":\"half\"\n"
                + token("a", "g", NOW.plusSeconds(60)).toJsonLine() + "\n");
        assertEquals(Set.of("multi", "a"), ids(store().listAll()));
    }

    @Test
    void windowsLineEndsAndAByteOrderMark() throws Exception {
        writeFile("\uFEFF" + token("a", "g", NOW.plusSeconds(60)).toJsonLine() + "\r\n"
                + token("b", "g", NOW.plusSeconds(60)).toJsonLine() + "\r\n");
        assertEquals(Set.of("a", "b"), ids(store().listAll()));
    }

    @Test
    void revokeExtendDeleteAndPurge() throws Exception {
        TokenStore store = store();
        store.add(token("live", "g", NOW.plusSeconds(3600)));
        store.add(token("recent", "g", NOW.minus(Duration.ofDays(6))));
        store.add(token("forever", "g", null));
        assertEquals(NOW, store.revoke("live").orElseThrow().expires().toInstant());
        assertTrue(store.get("live").orElseThrow().expiredAt(NOW.plusMillis(1)));
        assertEquals(NOW.plusSeconds(60), store.extend("live", NOW.plusSeconds(60)).orElseThrow().expires().toInstant());
        assertTrue(store.revoke("missing").isEmpty());

        TokenStore later = TokenStore.inDataDirectory(dir, Clock.fixed(NOW.plus(Duration.ofDays(2)), ZoneOffset.UTC));
        assertEquals(1, later.purgeExpired());
        assertEquals(Set.of("live", "forever"), ids(later.listAll()));
        assertEquals(0, later.purgeExpired());

        assertTrue(store.delete("live", null));
        assertFalse(store.delete("live", null));
        assertThrows(TokenStore.ConflictException.class, () -> store.add(token("forever", "g", null)));
    }

    @Test
    void etagPreconditions() throws Exception {
        TokenStore store = store();
        assertEquals("", store.etag());
        store.add(token("a", "g", NOW.plusSeconds(60)));
        String etag = store.etag();
        assertTrue(etag.startsWith("\"") && etag.endsWith("\""), etag);
        TokenStore.Snapshot snapshot = store.snapshot();
        assertEquals(etag, snapshot.etag());
        assertEquals(Set.of("a"), snapshot.tokens().keySet());
        store.put(token("a", "g", NOW.plusSeconds(120)), etag);
        assertThrows(TokenStore.ConflictException.class, () -> store.put(token("a", "g", NOW), etag));
        assertThrows(TokenStore.ConflictException.class, () -> store.delete("a", "\"bad\""));
        assertTrue(store.delete("a", store.etag()));
        assertFalse(Files.exists(file()), "an empty store has no file, as in Galène");
    }

    @Test
    void newIdsAreUrlSafeAndDistinct() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String id = TokenStore.newTokenId();
            assertTrue(id.matches("[A-Za-z0-9_-]{22}"), id);
            ids.add(id);
        }
        assertEquals(1000, ids.size());
    }

    @Test
    void unreadableFileKeepsTheLastView() throws Exception {
        TokenStore store = store();
        store.add(token("a", "g", NOW.plusSeconds(60)));
        Files.delete(file());
        Files.createDirectory(file());
        assertThrows(IOException.class, store::listAll);
        Files.delete(file());
        Files.writeString(file(), token("b", "g", NOW.plusSeconds(60)).toJsonLine() + "\n", StandardCharsets.UTF_8);
        assertEquals(Set.of("b"), ids(store.listAll()));
    }

    static Set<String> ids(List<StatefulToken> tokens) {
        Set<String> s = new HashSet<>();
        tokens.forEach(t -> s.add(t.token()));
        return s;
    }
}
