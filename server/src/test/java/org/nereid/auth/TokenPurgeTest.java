package org.nereid.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.model.StatefulToken;

/** The periodic purge against a real tokens.jsonl. */
class TokenPurgeTest {
    @TempDir
    Path dir;

    @Test
    void purgesAtStartThenAgainAtEachTurnAndStopsOnClose() throws Exception {
        Path file = dir.resolve("var").resolve("tokens.jsonl");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"token\":\"old\",\"group\":\"city\",\"permissions\":[],\"expires\":\"2020-01-01T00:00:00Z\"}\n"
                + "{\"token\":\"live\",\"group\":\"city\",\"permissions\":[],\"expires\":\"2099-01-01T00:00:00Z\"}\n");
        TokenStore store = TokenStore.inDataDirectory(dir, Clock.systemUTC());
        try (TokenPurge purge = TokenPurge.start(store, Duration.ofMillis(20))) {
            awaitRuns(purge, 1);
            assertEquals(List.of("live"), store.listAll().stream().map(StatefulToken::token).toList());
            // a long-expired token typed in by hand is purged at a later turn
            Files.writeString(file, "{\"token\":\"stale\",\"group\":\"city\",\"permissions\":[],\"expires\":\"2021-01-01T00:00:00Z\"}\n",
                    java.nio.file.StandardOpenOption.APPEND);
            int seen = purge.runs();
            awaitRuns(purge, seen + 2);
            assertEquals(List.of("live"), store.listAll().stream().map(StatefulToken::token).toList());
            purge.close();
            purge.close();
            int after = purge.runs();
            Thread.sleep(100);
            assertTrue(purge.runs() <= after + 1, "no more turns after close");
        }
    }

    @Test
    void refusesANonPositiveInterval() {
        TokenStore store = TokenStore.inDataDirectory(dir, Clock.systemUTC());
        assertThrows(IllegalArgumentException.class, () -> TokenPurge.start(store, Duration.ZERO));
    }

    private static void awaitRuns(TokenPurge purge, int runs) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (purge.runs() < runs && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(purge.runs() >= runs, "the purge ran " + purge.runs() + " times, expected " + runs);
    }
}
