package org.nereid.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nereid.model.StatefulToken;
import org.nereid.model.TokenState;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Use counting in TokenStore: atomic claims, given back uses, revocation marks, all on a real file. */
class TokenUsesTest {
    static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

    @TempDir
    Path dir;

    TokenStore store() {
        return TokenStore.inDataDirectory(dir, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static StatefulToken limited(String id, int maxUses) {
        return new StatefulToken(id, "g", false, null, List.of("present"),
                OffsetDateTime.ofInstant(NOW.plusSeconds(3600), ZoneOffset.UTC), null, null, "vimes")
                .withMaxUses(maxUses);
    }

    @Test
    void claimsCountUntilUsedUpAndWriteNothingOnceRefused() throws Exception {
        TokenStore store = store();
        store.add(limited("t", 2));
        assertEquals(TokenState.VALID, store.claimUse("t", NOW).orElseThrow().state());
        TokenStore.Claim second = store.claimUse("t", NOW).orElseThrow();
        assertTrue(second.claimed());
        assertEquals(2, second.token().uses());
        Path file = dir.resolve("var/tokens.jsonl");
        String before = Files.readString(file);
        assertTrue(before.contains("\"max-uses\":2,\"uses\":2"), before);
        TokenStore.Claim third = store.claimUse("t", NOW).orElseThrow();
        assertEquals(TokenState.USED_UP, third.state());
        assertFalse(third.claimed());
        assertEquals(before, Files.readString(file));
        assertEquals(2, TokenStore.inDataDirectory(dir, Clock.systemUTC()).get("t").orElseThrow().uses());
        assertTrue(store.claimUse("unknown", NOW).isEmpty());
    }

    @Test
    void unlimitedTokensCountUsesToo() throws Exception {
        TokenStore store = store();
        store.add(limited("t", 1).withMaxUses(null));
        for (int i = 0; i < 3; i++) {
            assertTrue(store.claimUse("t", NOW).orElseThrow().claimed());
        }
        assertEquals(3, store.get("t").orElseThrow().uses());
    }

    @Test
    void expiredNotYetValidAndRevokedTokensAreNotClaimed() throws Exception {
        TokenStore store = store();
        store.add(limited("t", 5));
        assertEquals(TokenState.EXPIRED, store.claimUse("t", NOW.plusSeconds(7200)).orElseThrow().state());
        store.edit("t", t -> t.withNotBefore(OffsetDateTime.ofInstant(NOW.plusSeconds(60), ZoneOffset.UTC)));
        assertEquals(TokenState.NOT_YET_VALID, store.claimUse("t", NOW).orElseThrow().state());
        store.revoke("t");
        assertEquals(TokenState.REVOKED, store.claimUse("t", NOW).orElseThrow().state());
        assertEquals(0, store.get("t").orElseThrow().uses());
    }

    @Test
    void revokeMarksAndExtendLifts() throws Exception {
        TokenStore store = store();
        store.add(limited("t", 1));
        StatefulToken revoked = store.revoke("t").orElseThrow();
        assertTrue(revoked.revoked());
        assertEquals(NOW, revoked.expires().toInstant());
        StatefulToken extended = store.extend("t", NOW.plusSeconds(60)).orElseThrow();
        assertFalse(extended.revoked());
        assertEquals(TokenState.VALID, extended.stateAt(NOW));
    }

    @Test
    void aReturnedUseCanBeClaimedAgainAndNeverGoesNegative() throws Exception {
        TokenStore store = store();
        store.add(limited("t", 1));
        assertTrue(store.claimUse("t", NOW).orElseThrow().claimed());
        store.returnUse("t");
        assertEquals(0, store.get("t").orElseThrow().uses());
        store.returnUse("t");
        assertEquals(0, store.get("t").orElseThrow().uses());
        assertTrue(store.claimUse("t", NOW).orElseThrow().claimed());
    }

    @Test
    void racersForTheLastUsesGetExactlyThatMany() throws Exception {
        int racers = 16;
        int uses = 3;
        TokenStore store = store();
        store.add(limited("t", uses));
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return store.claimUse("t", NOW).orElseThrow().claimed();
                }));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> f : results) {
                won += f.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertEquals(uses, won);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(uses, store().get("t").orElseThrow().uses());
    }
}
