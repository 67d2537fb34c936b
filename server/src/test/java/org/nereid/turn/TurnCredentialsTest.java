package org.nereid.turn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import org.nereid.group.MutableClock;
import org.junit.jupiter.api.Test;

class TurnCredentialsTest {
    private static final byte[] SECRET = "north-wind".getBytes(StandardCharsets.UTF_8);

    @Test
    void theTimeLimitedFormIsCoturnsAndGalenes() {
        // vectors computed with Python's hmac module
        assertEquals("Oko4dt8u/EbTRjRUJWQDFm/zTCc=", TimeLimitedCredential.password(SECRET, "1700000000:alice"));
        assertEquals("u+ptJxKxWPxDmYVnWt+XRANGbJI=", TimeLimitedCredential.password(SECRET, "1700086400"));
        assertEquals("1700000000:alice", TimeLimitedCredential.username(1700000000, "alice"));
        assertEquals("1700086400", TimeLimitedCredential.username(1700086400, ""));
        assertEquals(1700000000, TimeLimitedCredential.expiry("1700000000:alice"));
        assertEquals(-1, TimeLimitedCredential.expiry("alice"));
        assertEquals(-1, TimeLimitedCredential.expiry(":1700000000"));
        assertEquals(-1, TimeLimitedCredential.expiry("99999999999999999999:x"));
    }

    @Test
    void anIssuedCredentialGivesTheLongTermKeyUntilItExpires() throws Exception {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-06T08:00:00Z"));
        TurnCredentials credentials = new TurnCredentials(SECRET, clock);
        TurnCredentials.Credential c = credentials.issue();
        assertEquals(clock.instant().plus(TurnCredentials.LIFETIME).getEpochSecond(),
                TimeLimitedCredential.expiry(c.username()));
        byte[] expected = MessageDigest.getInstance("MD5").digest(
                (c.username() + ":" + TurnCredentials.REALM + ":" + c.password()).getBytes(StandardCharsets.UTF_8));
        assertArrayEquals(expected, credentials.key(c.username(), false));

        clock.advance(TurnCredentials.LIFETIME.plusSeconds(1));
        assertNull(credentials.key(c.username(), false), "no new allocation with an expired credential");
        assertArrayEquals(expected, credentials.key(c.username(), true), "an allocation it made lives on");
        assertNull(credentials.key("galene", false), "not a user name this server issues");
    }

    @Test
    void noncesAreOursAndFresh() {
        MutableClock clock = new MutableClock(Instant.parse("2026-12-06T08:00:00Z"));
        TurnCredentials credentials = new TurnCredentials(SECRET, clock);
        String nonce = credentials.nonce();
        assertTrue(credentials.nonceFresh(nonce));
        assertFalse(new TurnCredentials("other".getBytes(StandardCharsets.UTF_8), clock).nonceFresh(nonce));
        char last = nonce.charAt(nonce.length() - 1);
        assertFalse(credentials.nonceFresh(nonce.substring(0, nonce.length() - 1) + (last == '0' ? '1' : '0')));
        assertFalse(credentials.nonceFresh("zz-0123456789abcdef"));
        assertFalse(credentials.nonceFresh(""));
        clock.advance(TurnCredentials.NONCE_LIFETIME.plus(Duration.ofSeconds(1)));
        assertFalse(credentials.nonceFresh(nonce), "stale");
        assertNotNull(credentials.nonce());
    }
}
