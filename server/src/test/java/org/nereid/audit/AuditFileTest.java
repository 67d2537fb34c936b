package org.nereid.audit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.json.Json;
import org.nereid.model.AuditEntry;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuditFileTest {
    @TempDir
    Path dir;

    private final AtomicLong nanos = new AtomicLong();

    private static AuditEntry entry(int n, String outcome, String address) {
        return AuditEntry.of(Instant.parse("2026-12-06T08:00:00Z").plusMillis(n),
                new AuditEntry.Actor("user", "op", address), "kick", "g", "bob" + n, outcome, null);
    }

    private AuditFile file(long maxBytes) throws Exception {
        return new AuditFile(dir.resolve("var").resolve(AuditFile.NAME), maxBytes, nanos::get);
    }

    private static List<AuditEntry> read(Path file) throws Exception {
        List<AuditEntry> entries = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            entries.add(Json.mapper().readValue(line, AuditEntry.class));
        }
        return entries;
    }

    @Test
    void appendsOneParsableLinePerEntry() throws Exception {
        try (AuditFile audit = file(AuditFile.DEFAULT_MAX_BYTES)) {
            audit.record(entry(1, AuditEntry.OK, "127.0.0.1"));
            audit.record(entry(2, AuditEntry.REFUSED, "127.0.0.1"));
        }
        List<AuditEntry> lines = read(dir.resolve("var/audit.jsonl"));
        assertEquals(List.of(entry(1, AuditEntry.OK, "127.0.0.1"), entry(2, AuditEntry.REFUSED, "127.0.0.1")), lines);
    }

    @Test
    void aTornLastLineIsCutWhenOpenedAgain() throws Exception {
        Path path = dir.resolve("var/audit.jsonl");
        try (AuditFile audit = file(AuditFile.DEFAULT_MAX_BYTES)) {
            audit.record(entry(1, AuditEntry.OK, null));
        }
        Files.writeString(path, "{\"time\":\"2026-12-06T08:00:00Z\",\"act", java.nio.file.StandardOpenOption.APPEND);
        try (AuditFile audit = file(AuditFile.DEFAULT_MAX_BYTES)) {
            audit.record(entry(2, AuditEntry.OK, null));
        }
        assertEquals(List.of(entry(1, AuditEntry.OK, null), entry(2, AuditEntry.OK, null)), read(path));
    }

    @Test
    void rotatesBySizeKeepingFourOldFiles() throws Exception {
        int lineLength = (Json.write(entry(19, AuditEntry.OK, null)) + "\n").length(); // the longest
        try (AuditFile audit = file(lineLength * 3L)) {
            for (int i = 0; i < 20; i++) {
                audit.record(entry(i, AuditEntry.OK, null));
            }
            List<Path> files = audit.files();
            assertEquals(5, files.size(), files.toString());
            assertTrue(files.get(0).toString().endsWith(".4"));
            assertTrue(files.get(4).toString().endsWith("audit.jsonl"));
            List<AuditEntry> kept = new ArrayList<>();
            for (Path f : files) {
                kept.addAll(read(f));
            }
            // 20 lines, three a file: the oldest files went, the newest 14 are kept in order
            assertEquals(entry(19, AuditEntry.OK, null), kept.get(kept.size() - 1));
            assertEquals(14, kept.size());
            for (int i = 1; i < kept.size(); i++) {
                assertTrue(kept.get(i - 1).instant().isBefore(kept.get(i).instant()));
            }
        }
    }

    @Test
    void aFloodOfRefusalsIsBoundedAndCounted() throws Exception {
        Path path = dir.resolve("var/audit.jsonl");
        try (AuditFile audit = file(AuditFile.DEFAULT_MAX_BYTES)) {
            for (int i = 0; i < 1000; i++) {
                audit.record(entry(i, AuditEntry.REFUSED, "192.0.2.1"));
            }
            // another address still gets through, and successes are never throttled
            audit.record(entry(1000, AuditEntry.REFUSED, "192.0.2.2"));
            audit.record(entry(1001, AuditEntry.OK, "192.0.2.1"));
            nanos.addAndGet(TimeUnit.SECONDS.toNanos(60));
            audit.record(entry(1002, AuditEntry.REFUSED, "192.0.2.1"));
        }
        List<AuditEntry> lines = read(path);
        assertEquals(20 + 3, lines.size(), "20 from the flood, then the three others");
        assertNull(lines.get(19).suppressed());
        AuditEntry next = lines.get(20);
        assertEquals("bob1000", next.target());
        assertEquals(980, next.suppressed(), "the flood's size is told with the next refusal let through");
        assertEquals("bob1002", lines.get(22).target());
        assertNull(lines.get(22).suppressed());
    }

    @Test
    void hostileTextIsCutShort() {
        String huge = "x".repeat(900_000);
        AuditEntry e = AuditEntry.of(Instant.now(), new AuditEntry.Actor("guest", huge, null), "login", huge, huge,
                AuditEntry.REFUSED, huge);
        assertTrue(Json.write(e).length() < 5 * AuditEntry.MAX_TEXT + 300, "bounded line");
        assertEquals(AuditEntry.MAX_TEXT, e.actor().name().length());
    }

    /** The child process: records entries as fast as it can, printing each target once it is written. */
    public static void main(String[] args) throws Exception {
        try (AuditFile audit = new AuditFile(Path.of(args[0]), AuditFile.DEFAULT_MAX_BYTES, System::nanoTime)) {
            for (int i = 0; ; i++) {
                audit.record(entry(i, AuditEntry.OK, "127.0.0.1"));
                System.out.println("bob" + i);
                System.out.flush();
            }
        }
    }

    @Test
    void aKillDuringABurstLosesNoWrittenLine() throws Exception {
        Path path = dir.resolve("var/audit.jsonl");
        List<String> confirmed = new ArrayList<>();
        for (int round = 0; round < 2; round++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), AuditFileTest.class.getName(), path.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
                String line;
                int seen = 0;
                while (seen < 40 + round * 13 && (line = out.readLine()) != null) {
                    if (line.startsWith("bob")) {
                        confirmed.add(line);
                        seen++;
                    }
                }
                child.destroyForcibly(); // SIGKILL, in the middle of some write
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            }
        }
        try (AuditFile reopened = file(AuditFile.DEFAULT_MAX_BYTES)) {
            reopened.record(entry(-1, AuditEntry.OK, null));
        }
        List<String> targets = read(path).stream().map(AuditEntry::target).toList(); // every line parses
        for (String c : confirmed) {
            assertTrue(targets.contains(c), c + " was confirmed written but is missing");
        }
        assertEquals("bob-1", targets.get(targets.size() - 1));
        assertFalse(targets.isEmpty());
    }
}
