package org.nereid.password;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.nereid.model.Password;

class RecentlyVerifiedTest {
    private final AtomicInteger hashes = new AtomicInteger();
    private Instant now = Instant.parse("2026-11-22T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final RecentlyVerified cache = new RecentlyVerified(Duration.ofMinutes(5), 2, clock, (stored, attempt) -> {
        hashes.incrementAndGet();
        return Passwords.matches(stored, attempt);
    });
    private final Password secret = Passwords.bcrypt("secret", 4);

    @Test
    void aMatchIsRememberedSoTheHashRunsOnce() {
        assertTrue(cache.matches(secret, "secret"));
        assertTrue(cache.matches(secret, "secret"));
        assertTrue(cache.matches(secret, "secret"));
        assertEquals(1, hashes.get());
    }

    @Test
    void failuresAreNeverRemembered() {
        assertFalse(cache.matches(secret, "guess"));
        assertFalse(cache.matches(secret, "guess"));
        assertEquals(2, hashes.get());
        assertTrue(cache.matches(secret, "secret"));
        assertFalse(cache.matches(secret, "secreT"), "a remembered match says nothing about another attempt");
    }

    @Test
    void aChangedPasswordIsCheckedAfresh() {
        assertTrue(cache.matches(secret, "secret"));
        Password changed = Passwords.bcrypt("other", 4);
        assertFalse(cache.matches(changed, "secret"));
        assertTrue(cache.matches(changed, "other"));
        assertEquals(3, hashes.get());
    }

    @Test
    void aMatchIsForgottenAfterItsLifetime() {
        assertTrue(cache.matches(secret, "secret"));
        now = now.plus(Duration.ofMinutes(5));
        assertTrue(cache.matches(secret, "secret"));
        assertEquals(2, hashes.get());
    }

    @Test
    void theLeastRecentlyUsedMatchMakesRoom() {
        Password a = Passwords.bcrypt("a", 4);
        Password b = Passwords.bcrypt("b", 4);
        assertTrue(cache.matches(secret, "secret"));
        assertTrue(cache.matches(a, "a"));
        assertTrue(cache.matches(secret, "secret"));
        assertTrue(cache.matches(b, "b"));
        assertEquals(3, hashes.get());
        assertTrue(cache.matches(secret, "secret"));
        assertEquals(3, hashes.get(), "the recently used entry stayed");
        assertTrue(cache.matches(a, "a"));
        assertEquals(4, hashes.get(), "the least recently used entry went");
    }

    @Test
    void fastFormsAreCheckedEveryTime() {
        assertTrue(cache.matches(Password.plain("x"), "x"));
        assertTrue(cache.matches(Password.plain("x"), "x"));
        assertEquals(2, hashes.get());
    }

    @Test
    void aMalformedStoredPasswordStillFails() {
        Password broken = Password.bcrypt("not a bcrypt string");
        assertThrows(PasswordFormatException.class, () -> cache.matches(broken, "x"));
    }
}
