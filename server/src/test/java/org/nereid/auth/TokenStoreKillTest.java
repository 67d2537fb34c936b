package org.nereid.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.model.StatefulToken;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A writer killed with SIGKILL in the middle of minting never leaves a broken store. */
class TokenStoreKillTest {

    /** The child process: mints tokens as fast as it can, printing each id once it is stored. */
    public static void main(String[] args) throws Exception {
        TokenStore store = new TokenStore(Path.of(args[0]), Clock.systemUTC());
        OffsetDateTime expires = OffsetDateTime.now(ZoneOffset.UTC).plusDays(1);
        while (true) {
            String id = TokenStore.newTokenId();
            store.add(new StatefulToken(id, "g", false, null, List.of("present"), expires, null, null, null));
            System.out.println(id);
            System.out.flush();
        }
    }

    @TempDir
    Path dir;

    @Test
    void killedMidWrite() throws Exception {
        Path file = dir.resolve("var").resolve("tokens.jsonl");
        for (int round = 0; round < 2; round++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), TokenStoreKillTest.class.getName(), file.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            Set<String> confirmed = new HashSet<>();
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
                String line;
                while (confirmed.size() < 25 + round * 7 && (line = out.readLine()) != null) {
                    if (line.matches("[A-Za-z0-9_-]{22}")) { // not a log line
                        confirmed.add(line);
                    }
                }
                child.destroyForcibly(); // SIGKILL, in the middle of some write
                assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            }
            assertTrue(confirmed.size() >= 25, "the child minted");
            TokenStore reader = new TokenStore(file, Clock.fixed(Instant.now(), ZoneOffset.UTC));
            Set<String> stored = new HashSet<>();
            reader.listAll().forEach(t -> stored.add(t.token()));
            assertTrue(stored.containsAll(confirmed), "every confirmed mint survived the kill");
            assertFalse(Files.exists(file.resolveSibling("tokens.jsonl.rejected")), "no line was broken");
            for (String line : Files.readAllLines(file)) {
                StatefulToken.fromJson(line);
            }
            assertEquals(stored.size(), Files.readAllLines(file).size());
        }
    }
}
